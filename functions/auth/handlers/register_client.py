"""Internal: register a machine client (the local platform's reference worker); the secret is returned once."""

from design_agent.contracts.auth import RegisterClientRequest, RegisterClientResult
from design_agent.internal import internal_handler

from functions.auth.deps import AuthDeps
from functions.auth.logic.clients import register_client


def _register(request: RegisterClientRequest) -> RegisterClientResult:
    created = register_client(request, AuthDeps.from_env())
    return RegisterClientResult(client_id=created.client_id, client_secret=created.client_secret)


handler = internal_handler("auth", RegisterClientRequest, _register, operation="RegisterClient")
