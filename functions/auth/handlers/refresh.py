"""POST /api/v1/auth/refresh: rotate a refresh token into a new token pair."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.auth import TokenPair

from functions.auth.deps import AuthDeps
from functions.auth.logic.sessions import refresh
from functions.auth.models.api import RefreshRequest
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "Refresh", responses=(HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN))


@api.route
def refresh_tokens(body: Annotated[RefreshRequest, Body()]) -> TokenPair:
    return refresh(body.refresh_token, AuthDeps.from_env())


handler = api.handler
