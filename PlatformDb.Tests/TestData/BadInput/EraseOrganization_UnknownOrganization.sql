-- expect-error: 50510
-- rule: EraseOrganization refuses an unknown organization.
EXECUTE [tenancy].[EraseOrganization] @OrganizationId = -1, @ActorUserId = NULL;
