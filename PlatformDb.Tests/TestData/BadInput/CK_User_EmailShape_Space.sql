-- expect: CK_User_EmailShape
-- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (N'first last@example.test', N'Space in email');
