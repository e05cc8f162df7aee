EXECUTE tSQLt.NewTestClass @ClassName = N'AuditChainTests';
GO
CREATE PROCEDURE [AuditChainTests].[test an inserted audit event is linked after the previous head]
AS
BEGIN
    DECLARE @HeadPosition BIGINT, @HeadHash VARBINARY(32), @AuditEventId BIGINT;
    SELECT TOP (1) @HeadPosition = [ChainPosition], @HeadHash = [RowHash] FROM [audit].[AuditChain] ORDER BY [ChainPosition] DESC;

    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;

    DECLARE @Position BIGINT, @Previous VARBINARY(32);
    SELECT @Position = [ChainPosition], @Previous = [PreviousHash] FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId;
    DECLARE @ExpectedPosition BIGINT = ISNULL(@HeadPosition, 0) + 1;
    EXECUTE tSQLt.AssertEquals @Expected = @ExpectedPosition, @Actual = @Position;
    EXECUTE tSQLt.AssertEquals @Expected = @HeadHash, @Actual = @Previous;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test a link hash is SHA2_256 of the previous hash and the event digest]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;

    DECLARE @Expected VARBINARY(32), @Actual VARBINARY(32);
    SELECT @Expected = HASHBYTES('SHA2_256', ISNULL([c].[PreviousHash], 0x) + [d].[Digest]), @Actual = [c].[RowHash]
    FROM [audit].[AuditChain] AS [c]
    INNER JOIN [audit].[AuditEvent] AS [e] ON [e].[AuditEventId] = [c].[AuditEventId]
    CROSS APPLY [audit].[AuditEventDigest]([e].[AuditEventId], [e].[OrganizationId], [e].[ActorType], [e].[ActorUserId],
        [e].[ActorApiKeyId], [e].[Action], [e].[TargetType], [e].[TargetId], [e].[OccurredAt], [e].[RequestId], [e].[Details]) AS [d]
    WHERE [c].[AuditEventId] = @AuditEventId;
    EXECUTE tSQLt.AssertEquals @Expected = @Expected, @Actual = @Actual;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test a multi-row insert gets consecutive positions in AuditEventId order]
AS
BEGIN
    DECLARE @Inserted TABLE ([AuditEventId] BIGINT NOT NULL);
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action])
    OUTPUT [inserted].[AuditEventId] INTO @Inserted ([AuditEventId])
    VALUES (NULL, 'system', 'test.one'), (NULL, 'system', 'test.two'), (NULL, 'system', 'test.three');

    -- Consecutive and in id order: position minus rank by id is one value for all three links.
    DECLARE @Links INT, @Offsets INT;
    SELECT @Links = COUNT(*), @Offsets = COUNT(DISTINCT [o].[Offset])
    FROM (SELECT [c].[ChainPosition] - ROW_NUMBER() OVER (ORDER BY [c].[AuditEventId]) AS [Offset]
          FROM [audit].[AuditChain] AS [c]
          INNER JOIN @Inserted AS [i] ON [i].[AuditEventId] = [c].[AuditEventId]) AS [o];
    EXECUTE tSQLt.AssertEquals @Expected = 3, @Actual = @Links;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Offsets;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test updating a chain link is refused with 50403]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50403;
    UPDATE [audit].[AuditChain] SET [RowHash] = HASHBYTES('SHA2_256', N'forged') WHERE [AuditEventId] = @AuditEventId;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test deleting a chain link is refused with 50403]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50403;
    DELETE FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain reports an intact chain]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain];

    DECLARE @IsIntact BIT, @FirstBroken BIGINT;
    SELECT @IsIntact = [IsIntact], @FirstBroken = [FirstBrokenPosition] FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @IsIntact;
    EXECUTE tSQLt.AssertEquals @Expected = NULL, @Actual = @FirstBroken;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain finds the first tampered position after a trigger was bypassed]
AS
BEGIN
    DECLARE @AuditEventId BIGINT, @Position BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;
    SELECT @Position = [ChainPosition] FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId;
    -- What a db_owner can do; the test transaction rolls the DDL back with the rest.
    DISABLE TRIGGER [audit].[TR_AuditEvent_AppendOnly] ON [audit].[AuditEvent];
    UPDATE [audit].[AuditEvent] SET [Action] = 'test.rewritten' WHERE [AuditEventId] = @AuditEventId;
    ENABLE TRIGGER [audit].[TR_AuditEvent_AppendOnly] ON [audit].[AuditEvent];
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain];

    DECLARE @IsIntact BIT, @FirstBroken BIGINT;
    SELECT @IsIntact = [IsIntact], @FirstBroken = [FirstBrokenPosition] FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = @Position, @Actual = @FirstBroken;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsIntact;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain counts an event written with the chain trigger disabled as unchained]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;
    ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain];

    DECLARE @IsIntact BIT, @Unchained BIGINT;
    SELECT @IsIntact = [IsIntact], @Unchained = [UnchainedEvents] FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Unchained;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsIntact;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test an anchor exported by GetAuditChainHead matches and a wrong hash does not]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @AuditEventId OUTPUT;
    CREATE TABLE [#Head] ([ChainPosition] BIGINT, [RowHash] VARBINARY(32), [ChainedAt] DATETIME2(3));
    INSERT INTO [#Head] EXECUTE [audit].[GetAuditChainHead];
    DECLARE @Position BIGINT = (SELECT [ChainPosition] FROM [#Head]);
    DECLARE @Hash VARBINARY(32) = (SELECT [RowHash] FROM [#Head]);
    DECLARE @Wrong VARBINARY(32) = HASHBYTES('SHA2_256', N'not the head');
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain] @AnchorPosition = @Position, @AnchorHash = @Hash;
    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain] @AnchorPosition = @Position, @AnchorHash = @Wrong;

    DECLARE @Matched INT, @Mismatched INT, @Head BIGINT;
    SELECT @Matched = SUM(CASE WHEN [AnchorMatches] = 1 THEN 1 ELSE 0 END),
           @Mismatched = SUM(CASE WHEN [AnchorMatches] = 0 AND [IsIntact] = 0 THEN 1 ELSE 0 END),
           @Head = MAX([HeadPosition])
    FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Matched;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Mismatched;
    EXECUTE tSQLt.AssertEquals @Expected = @Position, @Actual = @Head;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain refuses with 50404 when a session organization is set]
AS
BEGIN
    DECLARE @Number INT;
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [audit].[VerifyAuditChain];
    END TRY
    BEGIN CATCH
        SET @Number = ERROR_NUMBER();
    END CATCH;
    -- Session context is not part of the test transaction: reset it before asserting.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;

    EXECUTE tSQLt.AssertEquals @Expected = 50404, @Actual = @Number;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain finds a forged link hash at its position and at the next link]
AS
BEGIN
    DECLARE @FirstId BIGINT, @SecondId BIGINT, @Position BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @FirstId OUTPUT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @SecondId OUTPUT;
    SELECT @Position = [ChainPosition] FROM [audit].[AuditChain] WHERE [AuditEventId] = @FirstId;
    -- What a db_owner can do; the test transaction rolls the DDL back with the rest.
    DISABLE TRIGGER [audit].[TR_AuditChain_AppendOnly] ON [audit].[AuditChain];
    UPDATE [audit].[AuditChain] SET [RowHash] = HASHBYTES('SHA2_256', N'forged') WHERE [AuditEventId] = @FirstId;
    ENABLE TRIGGER [audit].[TR_AuditChain_AppendOnly] ON [audit].[AuditChain];
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain];

    DECLARE @FirstBroken BIGINT, @Broken BIGINT, @IsIntact BIT;
    SELECT @FirstBroken = [FirstBrokenPosition], @Broken = [BrokenLinks], @IsIntact = [IsIntact] FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = @Position, @Actual = @FirstBroken;
    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @Broken;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsIntact;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test VerifyAuditChain finds a removed link as a gap and an unchained event]
AS
BEGIN
    DECLARE @FirstId BIGINT, @SecondId BIGINT, @SecondPosition BIGINT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @FirstId OUTPUT;
    EXECUTE [TestData].[AppendAuditEvent] @AuditEventId = @SecondId OUTPUT;
    SELECT @SecondPosition = [ChainPosition] FROM [audit].[AuditChain] WHERE [AuditEventId] = @SecondId;
    DISABLE TRIGGER [audit].[TR_AuditChain_AppendOnly] ON [audit].[AuditChain];
    DELETE FROM [audit].[AuditChain] WHERE [AuditEventId] = @FirstId;
    ENABLE TRIGGER [audit].[TR_AuditChain_AppendOnly] ON [audit].[AuditChain];
    CREATE TABLE [#Result] ([ChainLinks] BIGINT, [AuditEvents] BIGINT, [FirstBrokenPosition] BIGINT, [BrokenLinks] BIGINT,
        [UnchainedEvents] BIGINT, [HeadPosition] BIGINT, [HeadHash] VARBINARY(32), [AnchorMatches] BIT, [IsIntact] BIT);

    INSERT INTO [#Result] EXECUTE [audit].[VerifyAuditChain];

    DECLARE @FirstBroken BIGINT, @Unchained BIGINT, @IsIntact BIT;
    SELECT @FirstBroken = [FirstBrokenPosition], @Unchained = [UnchainedEvents], @IsIntact = [IsIntact] FROM [#Result];
    EXECUTE tSQLt.AssertEquals @Expected = @SecondPosition, @Actual = @FirstBroken;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Unchained;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsIntact;
END;
GO
CREATE PROCEDURE [AuditChainTests].[test the digest tells apart moved boundaries, NULL and empty text, and long Details that differ at the end]
AS
BEGIN
    DECLARE @At DATETIME2(3) = '2026-01-02T03:04:05.678';
    DECLARE @Long NVARCHAR(MAX) = CONCAT(N'{"v":"', REPLICATE(CAST(N'x' AS NVARCHAR(MAX)), 6000));
    DECLARE @LongA NVARCHAR(MAX) = CONCAT(@Long, N'a"}'), @LongB NVARCHAR(MAX) = CONCAT(@Long, N'b"}');
    DECLARE @Split1 VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', 'ab', 'c', @At, NULL, NULL));
    DECLARE @Split2 VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', 'a', 'bc', @At, NULL, NULL));
    DECLARE @NullId VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', 'a', NULL, @At, NULL, NULL));
    DECLARE @EmptyId VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', 'a', '', @At, NULL, NULL));
    DECLARE @DigestA VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', NULL, NULL, @At, NULL, @LongA));
    DECLARE @DigestB VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', NULL, NULL, @At, NULL, @LongB));
    DECLARE @Again VARBINARY(32) = (SELECT [Digest] FROM [audit].[AuditEventDigest](1, NULL, 'system', NULL, NULL, 'test.x', NULL, NULL, @At, NULL, @LongA));

    DECLARE @Distinct INT = (SELECT COUNT(DISTINCT [d]) FROM (VALUES (@Split1), (@Split2), (@NullId), (@EmptyId), (@DigestA), (@DigestB)) AS [v] ([d]));
    EXECUTE tSQLt.AssertEquals @Expected = 6, @Actual = @Distinct;
    EXECUTE tSQLt.AssertEquals @Expected = @DigestA, @Actual = @Again;
END;
GO
