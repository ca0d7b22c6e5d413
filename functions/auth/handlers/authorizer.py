"""API Gateway REQUEST authorizer: verify the bearer token, refuse revoked tokens and blocked users."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from design_agent import errors
from design_agent.observability import logger, observed
from design_agent.tokens import AccessClaims, bearer, verify_access_token

from functions.auth.deps import AuthDeps

log = logger("auth")


def _api_wildcard(method_arn: str) -> str:
    """``arn:...:api/stage/GET/users/1`` -> ``arn:...:api/stage/*/*``: one cached policy for every route."""
    prefix, _, rest = method_arn.partition(":execute-api:")
    parts = rest.split("/")
    return f"{prefix}:execute-api:{'/'.join(parts[:2])}/*/*" if len(parts) >= 2 else method_arn


def allow(claims: AccessClaims, method_arn: str) -> dict[str, Any]:
    return {
        "principalId": claims.sub,
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": _api_wildcard(method_arn)}]},
        "context": {"subject": claims.sub, "role": claims.role, "session_id": claims.sid or "",
                    "kind": claims.kind, "jti": claims.jti, "exp": claims.exp},
    }


def authorize(event: dict[str, Any], deps: AuthDeps) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    try:
        token = bearer(headers.get("authorization"))
        claims = verify_access_token(token, deps.keys.key, issuer=deps.settings.token_issuer)
        deps.revocations.ensure_active(claims)
    except errors.Unauthorized as exc:
        log.info("token refused", extra={"reason": exc.detail})
        raise PermissionError("Unauthorized") from exc  # API Gateway answers 401
    return allow(claims, str(event.get("methodArn", "")))


@observed("auth", correlation_id_path=correlation_paths.API_GATEWAY_REST, operation="Authorizer",
          client_errors=(PermissionError,))
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return authorize(event, AuthDeps.from_env())
