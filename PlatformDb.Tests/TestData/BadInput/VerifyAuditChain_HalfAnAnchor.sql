-- expect-error: 50405
-- rule: VerifyAuditChain takes an anchor position and hash together or not at all.
EXECUTE [audit].[VerifyAuditChain] @AnchorPosition = 1;
