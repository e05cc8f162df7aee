-- The deployment identity (platformdb apply/rollback, SqlPackage): a member of db_owner (RoleMemberships/platform_deploy.sql),
-- because a declarative publish may create, alter or drop any object type, policies, masks, roles and permissions included.
-- No application login is ever a member.
CREATE ROLE [platform_deploy]
    AUTHORIZATION [dbo];
