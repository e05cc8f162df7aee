-- A declarative publish needs every DDL permission there is (CREATE/ALTER SECURITY POLICY, ALTER ANY MASK, roles, grants):
-- db_owner, not a hand-picked list that breaks at the first new object type.
ALTER ROLE [db_owner] ADD MEMBER [platform_deploy];
