"""Internal: create the first administrator (idempotent; the password is returned once)."""

from design_agent.contracts.users import CreateAdminRequest, CreateAdminResult
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import create_admin


def _create(request: CreateAdminRequest) -> CreateAdminResult:
    return create_admin(request, UsersDeps.from_env())


handler = internal_handler("users", CreateAdminRequest, _create, operation="CreateAdmin")
