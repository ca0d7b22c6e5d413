"""POST /api/v1/auth/clients (admins only): a new machine client (worker); its secret is returned this once."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response
from design_agent.contracts.auth import RegisterClientRequest

from functions.auth.deps import AuthDeps
from functions.auth.logic.clients import register_client
from functions.auth.models.api import CreatedClient
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "CreateClient", status=HTTPStatus.CREATED)


@api.route
def create_client(body: Annotated[RegisterClientRequest, Body()]) -> Response[CreatedClient]:
    api.principal()
    client = register_client(body, AuthDeps.from_env())
    return json_response(HTTPStatus.CREATED, client, {"Cache-Control": "no-store"})


handler = api.handler
