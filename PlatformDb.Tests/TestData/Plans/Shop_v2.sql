CREATE TABLE [dbo].[Customer] (
    [CustomerId] INT NOT NULL CONSTRAINT [PK_Customer] PRIMARY KEY,
    [Name] NVARCHAR (200) NOT NULL,
    [Email] NVARCHAR (320) NULL
);
GO
CREATE ROLE [shop_app];
GO
CREATE PROCEDURE [dbo].[GetCustomer] @CustomerId INT AS SELECT [CustomerId], [Name], [Email] FROM [dbo].[Customer] WHERE [CustomerId] = @CustomerId;
GO
GRANT EXECUTE ON OBJECT::[dbo].[GetCustomer] TO [shop_app];
GO
