-- expect: FK_BudgetPeriodUsage_Budget
-- rule: Usage is recorded against an existing budget.
INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
VALUES (-1, CAST(SYSUTCDATETIME() AS DATE), 0, 0);
