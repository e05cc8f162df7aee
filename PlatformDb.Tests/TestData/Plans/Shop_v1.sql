CREATE TABLE [dbo].[Customer] (
    [CustomerId] INT NOT NULL CONSTRAINT [PK_Customer] PRIMARY KEY,
    [Name] NVARCHAR (100) NOT NULL,
    [LegacyCode] VARCHAR (10) NULL
);
GO
CREATE TABLE [dbo].[AuditTrail] (
    [AuditTrailId] INT NOT NULL CONSTRAINT [PK_AuditTrail] PRIMARY KEY,
    [Note] NVARCHAR (200) NULL
);
GO
CREATE ROLE [shop_app];
GO
CREATE PROCEDURE [dbo].[GetCustomer] @CustomerId INT AS SELECT [CustomerId], [Name] FROM [dbo].[Customer] WHERE [CustomerId] = @CustomerId;
GO
