-- expect: FK_UserCredential_User
-- rule: A credential belongs to an existing user.
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (-1, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc');
