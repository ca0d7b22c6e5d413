"""POST /api/v1/users/login: email + password -> access and refresh tokens (throttled)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import login
from functions.users.models.api import LoginRequest, LoginResult
from functions.users.service import SERVICE

api = http_operation(SERVICE, "Login", responses=(HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN))


@api.route
def login_user(body: Annotated[LoginRequest, Body()]) -> LoginResult:
    return login(body, api.source_ip(), api.header("User-Agent"), UsersDeps.from_env())


handler = api.handler
