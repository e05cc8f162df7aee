-- expect: UQ_User_Email_Live
-- rule: Two live users cannot share an email.
DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'First');
INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'Second');
