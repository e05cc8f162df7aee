/*
Reference data: model providers. Idempotent: inserts missing codes and keeps display names as listed here;
never deletes (a provider that leaves is soft-deleted by hand, its models and prices stay referenced).
*/
SET NOCOUNT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Reference data: providers';

MERGE INTO [catalog].[Provider] AS [t]
USING (VALUES ('openai', N'OpenAI'),
              ('anthropic', N'Anthropic'),
              ('google', N'Google'),
              ('mistral', N'Mistral AI')) AS [s] ([Code], [DisplayName])
    ON [t].[Code] = [s].[Code]
WHEN MATCHED AND [t].[DisplayName] <> [s].[DisplayName] THEN
    UPDATE SET [t].[DisplayName] = [s].[DisplayName],
               [t].[UpdatedAt] = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET THEN
    INSERT ([Code], [DisplayName])
    VALUES ([s].[Code], [s].[DisplayName]);
GO
