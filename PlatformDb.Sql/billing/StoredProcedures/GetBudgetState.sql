/*
The live budgets of the caller's organization with their consumption in the period that contains the server's now
(SYSUTCDATETIME()): the period start is computed exactly as billing.ConsumeBudgetAt computes it (daily: the UTC
date; weekly: the Monday of the ISO week; monthly: the first of the month; lifetime: the budget's creation date).
Spent is 0 when the period has no billing.BudgetPeriodUsage row yet. Read only, no locks beyond READ COMMITTED: a
figure, not a reservation (billing.RecordRequest decides under its own locks). Another organization's budgets are
never returned. Errors: none.
*/
CREATE PROCEDURE [billing].[GetBudgetState]
    @OrganizationId INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Day DATE = CAST(SYSUTCDATETIME() AS DATE);

SELECT [b].[BudgetId],
       [b].[ScopeType],
       [b].[UserId],
       [b].[ApiKeyId],
       [b].[Period],
       [p].[PeriodStart],
       [b].[LimitAmount],
       [b].[LimitTokens],
       COALESCE([u].[SpentAmount], CAST(0 AS DECIMAL (19, 6))) AS [SpentAmount],
       COALESCE([u].[SpentTokens], CAST(0 AS BIGINT)) AS [SpentTokens],
       [b].[HardStop]
FROM [billing].[Budget] AS [b]
CROSS APPLY (SELECT CASE [b].[Period]
                        WHEN 'daily'   THEN @Day
                        WHEN 'weekly'  THEN DATEADD(DAY, (DATEDIFF(DAY, DATEFROMPARTS(1900, 1, 1), @Day) / 7) * 7, DATEFROMPARTS(1900, 1, 1))
                        WHEN 'monthly' THEN DATEFROMPARTS(YEAR(@Day), MONTH(@Day), 1)
                        ELSE CAST([b].[CreatedAt] AS DATE)
                    END AS [PeriodStart]) AS [p]
LEFT JOIN [billing].[BudgetPeriodUsage] AS [u]
    ON [u].[BudgetId] = [b].[BudgetId]
   AND [u].[PeriodStart] = [p].[PeriodStart]
WHERE [b].[OrganizationId] = @OrganizationId
  AND [b].[DeletedAt] IS NULL
ORDER BY [b].[BudgetId];
