"""Internal: the User service reports a role or status change (blocking revokes every token)."""

from design_agent.contracts.auth import SyncUserRequest, SyncUserResult
from design_agent.internal import internal_handler

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import sync_user


def _sync(request: SyncUserRequest) -> SyncUserResult:
    return sync_user(request, AuthDeps.from_env())


handler = internal_handler("auth", SyncUserRequest, _sync, operation="SyncUser")
