CREATE SCHEMA [usage]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Usage analytics: one row per API request, hourly and daily rollups, ingest, trends and partition maintenance.',
    @level0type = N'SCHEMA', @level0name = N'usage';
