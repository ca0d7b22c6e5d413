"""DELETE /api/v1/auth/clients/{client_id} (admins only): no more tokens, and the issued ones stop working."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.auth.deps import AuthDeps
from functions.auth.logic.clients import disable_client
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "DisableClient", status=HTTPStatus.NO_CONTENT)


@api.route
def disable_machine_client(client_id: str) -> Response[None]:
    api.principal()
    disable_client(client_id, AuthDeps.from_env())
    return Response(status_code=204)


handler = api.handler
