"""POST /api/v1/auth/token: the OAuth2 client-credentials grant (RFC 6749 §4.4) for machine clients.

Form-encoded or JSON body; the client may authenticate with HTTP Basic instead of body fields.
"""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation, json_response

from functions.auth.deps import AuthDeps
from functions.auth.logic.clients import issue_client_token
from functions.auth.models.api import FORM, JSON, ClientCredentials, ClientToken
from functions.auth.service import SERVICE

# the handler reads the body itself (so the document is told); optional, as HTTP Basic may carry the credentials
BODY = {"required": False, "content": {media: {"schema": ClientCredentials.model_json_schema()}
                                       for media in (FORM, JSON)}}
api = http_operation(SERVICE, "IssueClientToken", responses=(HTTPStatus.UNAUTHORIZED,), openapi={"requestBody": BODY})


@api.route
def issue_token() -> Response[ClientToken]:
    credentials = ClientCredentials.from_http(api.header("Content-Type"), api.app.current_event.decoded_body,
                                              api.header("Authorization"))
    token = issue_client_token(credentials, AuthDeps.from_env())
    return json_response(HTTPStatus.OK, token, {"Cache-Control": "no-store", "Pragma": "no-cache"})


handler = api.handler
