-- The API service. Members are the service's database users, added outside this project.
CREATE ROLE [platform_app]
    AUTHORIZATION [dbo];
