"""HTTP conventions: one resolver per operation, errors as RFC 9457 problem+json.

Every HTTP handler module does::

    api = http_operation(SERVICE, "GetUser")

    @api.route
    def get_user(user_id: str) -> UserOut: ...

    handler = api.handler

Method and path come from the service description; error mapping lives only here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from design_agent import errors
from design_agent.gateway_responses import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS
from design_agent.observability import logger, observed
from design_agent.spec import Auth, Operation, Service

PROBLEM_JSON = "application/problem+json"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Principal:
    """Who is calling, as established by the authorizer."""

    subject: str  # user id or machine client id
    role: str
    session_id: str | None = None
    kind: str = "user"  # "user" | "worker"
    token_id: str | None = None  # the access token's jti
    token_expires_at: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def problem(error: errors.AppError, *, request_id: str | None, instance: str | None = None) -> Response[str]:
    body: dict[str, Any] = {
        "type": f"urn:design-agent:problem:{error.code}",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "code": error.code,
        "request_id": request_id,
    }
    if instance:
        body["instance"] = instance
    body.update(error.extra)
    return Response(
        status_code=error.status,
        content_type=PROBLEM_JSON,
        body=_dumps(body),
        headers=error.headers,
    )


def _dumps(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body, default=str, ensure_ascii=False)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"path": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type", "")})
    return out


def make_resolver(service: str) -> APIGatewayRestResolver:
    """A REST resolver with validation, CORS and the platform's error conventions."""
    app = APIGatewayRestResolver(
        enable_validation=True,
        cors=CORSConfig(allow_origin="*", allow_headers=list(CORS_ALLOW_HEADERS),
                        expose_headers=list(CORS_EXPOSE_HEADERS)),
    )
    log = logger(service)

    def request_id() -> str | None:
        try:
            return app.current_event.request_context.request_id
        except (AttributeError, KeyError):
            return None

    def path() -> str | None:
        try:
            return app.current_event.path
        except (AttributeError, KeyError):
            return None

    @app.exception_handler(errors.AppError)
    def _app_error(exc: errors.AppError) -> Response[str]:
        if exc.status >= 500:
            log.exception("request failed", extra={"code": exc.code})
        return problem(exc, request_id=request_id(), instance=path())

    @app.exception_handler(RequestValidationError)
    def _validation(exc: RequestValidationError) -> Response[str]:
        fields = _field_errors(exc)
        if any(f["type"] == "json_invalid" for f in fields):
            return problem(errors.MalformedJson(), request_id=request_id(), instance=path())
        return problem(
            errors.Unprocessable("One or more fields are invalid", errors=fields),
            request_id=request_id(),
            instance=path(),
        )

    @app.not_found
    def _not_found(_: NotFoundError) -> Response[str]:
        return problem(errors.NotFound("No such route"), request_id=request_id(), instance=path())

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[str]:
        log.exception("unhandled error")
        return problem(errors.AppError(), request_id=request_id(), instance=path())

    return app


class HttpOperation:
    """The resolver of one HTTP operation, bound to its description."""

    def __init__(self, service: Service, operation: Operation) -> None:
        if operation.method is None or operation.path is None:
            raise ValueError(f"{operation.name} is not an HTTP operation")
        self.service = service
        self.operation = operation
        self.app = make_resolver(service.name)
        self.handler = observed(service.name)(self._handle)

    def route(self, fn: F) -> F:
        method = self.operation.method
        assert method is not None
        return self.app.route(self.operation.resolver_path, method, operation_id=self.operation.name,
                              tags=[self.service.name], summary=self.operation.name)(fn)

    def _handle(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        return self.app.resolve(event, context)

    # --- request helpers -------------------------------------------------------------
    def principal(self) -> Principal:
        """The caller, from the authorizer context; raises 401 when there is none."""
        raw = self.app.current_event.raw_event.get("requestContext", {}).get("authorizer") or {}
        subject = raw.get("subject") or raw.get("principalId")
        if not subject or subject == "anonymous":
            raise errors.Unauthorized()
        principal = Principal(subject=subject, role=raw.get("role", "user"),
                              session_id=raw.get("session_id") or None, kind=raw.get("kind", "user"),
                              token_id=raw.get("jti") or None,
                              token_expires_at=int(raw["exp"]) if raw.get("exp") else None)
        if self.operation.auth in (Auth.USER, Auth.ADMIN) and principal.kind != "user":
            raise errors.Forbidden("This operation is for users, not machine clients")
        if self.operation.auth is Auth.ADMIN and not principal.is_admin:
            raise errors.Forbidden("This operation is for administrators")
        if self.operation.auth is Auth.WORKER and principal.kind != "worker":
            raise errors.Forbidden("This operation is for worker clients")
        return principal

    def source_ip(self) -> str:
        return str(self.app.current_event.request_context.identity.source_ip or "unknown")

    def header(self, name: str) -> str | None:
        return self.app.current_event.headers.get(name) or self.app.current_event.headers.get(name.lower())


def http_operation(service: Service, name: str) -> HttpOperation:
    return HttpOperation(service, service.operation(name))


def json_response(status: HTTPStatus, body: Any, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(status_code=status, content_type="application/json", body=body, headers=headers)
