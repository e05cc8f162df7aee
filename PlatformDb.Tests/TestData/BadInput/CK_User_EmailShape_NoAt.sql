-- expect: CK_User_EmailShape
-- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (N'not-an-email.example.test', N'No at sign');
