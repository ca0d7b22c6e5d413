"""POST /api/v1/users/register: create an account (role user, this month's quota).

With ``EMAIL_VERIFICATION`` on (every deployed stage) the answer is 202 and the same for a new and a taken address:
the account exists once the mailed link is used (``POST /users/verify-email``). Off (the local default), 201 with
the account, or 409 for a taken address or username."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register, to_out
from functions.users.logic.verification import register_pending
from functions.users.models.api import RegisterRequest, RegistrationAccepted, UserOut
from functions.users.service import SERVICE


def _answer(description: str, model: str) -> dict[str, object]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}}}


# one body per status (the route's return type names both, so Powertools lets either through)
ANSWERS = {"201": _answer("The account (e-mail verification off)", "UserOut"),
           "202": _answer("E-mail verification on: a link is mailed to the address, new or taken alike",
                          "RegistrationAccepted")}
api = http_operation(SERVICE, "Register", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,),
                     openapi={"responses": ANSWERS})


@api.route
def register_user(body: Annotated[RegisterRequest, Body()]) -> Response[UserOut | RegistrationAccepted]:
    deps = UsersDeps.from_env()
    if deps.settings.email_verification:
        register_pending(body, api.source_ip(), deps)
        return json_response(HTTPStatus.ACCEPTED, RegistrationAccepted())
    user = to_out(register(body, deps), deps)
    return json_response(HTTPStatus.CREATED, user, {"Location": f"/api/v1/users/{user.id}"})


handler = api.handler
