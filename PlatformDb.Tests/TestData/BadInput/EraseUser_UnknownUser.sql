-- expect-error: 50115
-- rule: EraseUser refuses an unknown user.
EXECUTE [identity].[EraseUser] @UserId = -1, @ActorUserId = NULL;
