-- expect: CK_AuditEvent_ActorTypeKnown
-- expect-or: CK_AuditEvent_ActorMatchesType
-- rule: An actor type is user, apikey or system.
-- note: an unknown actor type also fails CK_AuditEvent_ActorMatchesType (its OR-list names only known types); SQL Server reports one of the two.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'robot', NULL, NULL, 'case.append', NULL, NULL, NULL);
