/*
audit.AuditEvent is append-only: TR_AuditEvent_AppendOnly (INSTEAD OF UPDATE, DELETE) refuses every change with 50401.
The trigger throws with XACT_ABORT ON (the default inside triggers), so the test's transaction is doomed, not rolled
back: tSQLt matches the expected exception, then its ROLLBACK to the test's savepoint fails and it rolls back the
whole doomed transaction instead; a test whose transaction count is unchanged still succeeds (tSQLt Private_RunTest,
"PostExecTrancount"). Hence ExpectException is the last statement and nothing is asserted after the refusal.
The real table is used (it carries an OrganizationId; see TestData.sql).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'AuditAppendOnlyTests';
GO

CREATE PROCEDURE [AuditAppendOnlyTests].[test an update of an audit row is refused with 50401]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId])
    VALUES (NULL, 'system', 'test.audit_row', 'test', 'update');
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50401, @ExpectedMessagePattern = N'%append-only%';
    UPDATE [audit].[AuditEvent] SET [Details] = N'{"tampered":true}' WHERE [AuditEventId] = @AuditEventId;
END;
GO

CREATE PROCEDURE [AuditAppendOnlyTests].[test a delete of an audit row is refused with 50401]
AS
BEGIN
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId])
    VALUES (NULL, 'system', 'test.audit_row', 'test', 'delete');
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50401;
    DELETE FROM [audit].[AuditEvent] WHERE [AuditEventId] = @AuditEventId;
END;
GO

CREATE PROCEDURE [AuditAppendOnlyTests].[test an update that matches no row is refused too]
AS
BEGIN
    -- INSTEAD OF triggers fire once per statement, even for zero rows.
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50401;
    UPDATE [audit].[AuditEvent] SET [Details] = NULL WHERE [AuditEventId] = -1;
END;
GO

CREATE PROCEDURE [AuditAppendOnlyTests].[test appending a row is allowed]
AS
BEGIN
    DECLARE @Rows INT;
    EXECUTE tSQLt.ExpectNoException;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', 'test.audit_row', 'test', 'append', N'{"ok":true}');

    SELECT @Rows = COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'test.audit_row' AND [TargetId] = 'append';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows;
END;
GO
