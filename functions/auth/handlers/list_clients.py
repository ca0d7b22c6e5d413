"""GET /api/v1/auth/clients (admins only): machine clients, newest first, with a cursor; never their secrets."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.auth.deps import AuthDeps
from functions.auth.logic.clients import list_clients
from functions.auth.models.api import ClientList
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "ListClients")


@api.route
def list_machine_clients(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                         cursor: Annotated[str | None, Query(max_length=2048)] = None) -> ClientList:
    api.principal()
    return list_clients(limit, api.page(cursor), AuthDeps.from_env())


handler = api.handler
