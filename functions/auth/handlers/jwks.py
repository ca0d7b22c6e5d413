"""GET /api/v1/auth/jwks.json: the public keys that verify access tokens."""

from typing import Any

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.auth.deps import AuthDeps
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "Jwks")


@api.route
def public_keys() -> Response[dict[str, Any]]:
    keys = AuthDeps.from_env().keys.load()
    return Response(status_code=200, content_type="application/json", body=keys.jwks(),
                    headers={"Cache-Control": "public, max-age=300"})


handler = api.handler
