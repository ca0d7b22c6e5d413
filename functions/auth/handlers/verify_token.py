"""POST /api/v1/auth/verify: is this access token valid right now (signature, expiry, revocation)?"""

from datetime import UTC, datetime
from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.tokens import verify_access_token

from functions.auth.deps import AuthDeps
from functions.auth.models.api import VerifyRequest, VerifyResult
from functions.auth.service import SERVICE

api = http_operation(SERVICE, "VerifyToken", responses=(HTTPStatus.UNAUTHORIZED,))


@api.route
def verify(body: Annotated[VerifyRequest, Body()]) -> VerifyResult:
    deps = AuthDeps.from_env()
    claims = verify_access_token(body.token, deps.keys.key, issuer=deps.settings.token_issuer)
    deps.revocations.ensure_active(claims)
    return VerifyResult(active=True, subject=claims.sub, role=claims.role, session_id=claims.sid,
                        expires_at=datetime.fromtimestamp(claims.exp, UTC), kind=claims.kind)


handler = api.handler
