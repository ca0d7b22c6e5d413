"""HTTP conventions: one resolver per operation, errors as RFC 9457 problem+json.

Every HTTP handler module does::

    api = http_operation(SERVICE, "GetUser")

    @api.route
    def get_user(user_id: str) -> UserOut: ...

    handler = api.handler

Method and path come from the service description; error mapping lives only here.
"""

from __future__ import annotations

import base64
import functools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any, TypeVar, cast, get_args, get_origin, get_type_hints

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from pydantic import TypeAdapter, ValidationError

from design_agent import cors, errors, json_input
from design_agent.cursors import Cursors, Page, listing
from design_agent.gateway_responses import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS
from design_agent.observability import logger, observed
from design_agent.rate_limits import UserRateLimiter
from design_agent.settings import Settings
from design_agent.spec import Auth, Operation, Service

PROBLEM_JSON = "application/problem+json"

@functools.cache
def cors_config(raw_origins: str) -> CORSConfig:
    """Powertools' CORS answer for the stage's origins (``design_agent.cors``); none listed: no origin is allowed
    (an empty ``allow_origin`` matches no request's Origin, where Powertools' default would be ``*``)."""
    origins = cors.parse_origins(raw_origins)
    return CORSConfig(allow_origin=origins[0] if origins else "", extra_origins=list(origins[1:]),
                      allow_headers=list(CORS_ALLOW_HEADERS), expose_headers=list(CORS_EXPOSE_HEADERS),
                      max_age=cors.MAX_AGE_S)


def stage_cors() -> CORSConfig:
    """The CORS of this invocation's stage (read when a request is resolved, never at import)."""
    return cors_config(os.environ.get(cors.ENV_VAR, ""))

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


# what AWS answers when it is throttling or briefly unwell (the SDK retried these already)
TRANSIENT_CODES = frozenset({
    "ThrottlingException", "Throttling", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "TooManyRequestsException", "SlowDown", "ServiceUnavailable", "InternalServerError", "InternalError",
    "RequestTimeout", "TransactionInProgressException"})


def transient(exc: BaseException) -> bool:
    """An AWS call failed through the SDK's retries in a way that a later try can succeed (503 to the caller),
    not a bug (500)."""
    if isinstance(exc, (HTTPClientError, BotoConnectionError)):
        return True
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return error.get("Code") in TRANSIENT_CODES or status >= 500
    return False


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
    return json.dumps(body, default=str, ensure_ascii=False)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"path": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type", "")})
    return out


class _Resolver(APIGatewayRestResolver):
    """Powertools keeps the event and context being resolved on ``BaseRouter``, a class every resolver of the
    process shares: a handler that calls another function in the same process (the unit tests' in-process Lambda)
    would read the other's event (its principal, its body) or lose its matched route to the other's
    ``clear_context``. Here each resolver keeps its own event, Lambda context and Powertools' scratch ``context``
    (no change in Lambda, where a process runs one invocation at a time; locally each function runs in worker
    processes of its own, so no per-thread state is needed: a per-thread copy of every last event was what grew
    the old threaded local runtime by gigabytes, docs/decisions.md, "What grew the platform under fuzzing")."""

    def __init__(self, **kwargs: Any) -> None:
        self._event: APIGatewayProxyEvent | None = None
        self._lambda_context: LambdaContext | None = None
        self._scratch: dict[str, Any] = {}
        super().__init__(**kwargs)

    @property  # type: ignore[override]
    def current_event(self) -> APIGatewayProxyEvent:
        if self._event is None:
            raise AttributeError("no event is being resolved")
        return self._event

    @current_event.setter
    def current_event(self, value: APIGatewayProxyEvent) -> None:
        self._event = value

    @property
    def lambda_context(self) -> LambdaContext:
        if self._lambda_context is None:
            raise AttributeError("no event is being resolved")
        return self._lambda_context

    @lambda_context.setter
    def lambda_context(self, value: LambdaContext) -> None:
        self._lambda_context = value

    @property
    def context(self) -> dict[str, Any]:
        """Powertools' per-request scratch dict (the matched route, the parsed request)."""
        return self._scratch

    @context.setter
    def context(self, value: dict[str, Any]) -> None:
        self._scratch = value

    def resolve(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:  # type: ignore[override]
        self._event, self._lambda_context = cast(APIGatewayProxyEvent, self._to_proxy_event(event)), context
        self._cors = stage_cors()
        return super().resolve(event, context)


def make_resolver(service: str) -> APIGatewayRestResolver:
    """A REST resolver with validation, CORS and the platform's error conventions."""
    app = _Resolver(
        enable_validation=True,
        cors=cors_config(""),  # replaced by the stage's on every resolve
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
        if transient(exc):
            log.warning("AWS unavailable after retries", extra={"error": repr(exc)})
            return problem(errors.ServiceUnavailable(), request_id=request_id(), instance=path())
        log.exception("unhandled error")
        return problem(errors.AppError(), request_id=request_id(), instance=path())

    return app


# the optional request headers an operation may read (``http_operation(..., headers=...)``): each is a header
# parameter in the OpenAPI document, and ``HttpOperation.header`` reads only the ones its operation declares
REQUEST_HEADERS: dict[str, dict[str, Any]] = {
    "If-Match": {"description": 'The ETag of the version you read (e.g. `"7"`): the change applies only to that '
                                "version, else 412. Absent or `*`: no precondition.",
                 "schema": {"type": "string"}},
    "If-None-Match": {"description": "ETags you hold: 304 without a body when the current version is one of them.",
                      "schema": {"type": "string"}},
    "Idempotency-Key": {"description": "Any unique value (1 to 255 visible ASCII characters): a retry with the "
                                       "same key and body answers the first result instead of acting again.",
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}},
}


class HttpOperation:
    """The resolver of one HTTP operation, bound to its description."""

    def __init__(self, service: Service, operation: Operation, *, status: HTTPStatus = HTTPStatus.OK,
                 responses: tuple[HTTPStatus, ...] = (), openapi: Mapping[str, Any] | None = None,
                 headers: tuple[str, ...] = ()) -> None:
        if operation.method is None or operation.path is None:
            raise ValueError(f"{operation.name} is not an HTTP operation")
        self.service = service
        self.operation = operation
        # for the OpenAPI document (local_platform/openapi.py): the status of a success, and the statuses this
        # operation answers besides those every operation of its kind may (401/403, 404, 400/415/422, 413, 429),
        # and OpenAPI for what the handler does by hand (a body it parses itself, a response that is not JSON)
        self.status = status
        self.responses = responses
        self.openapi: Mapping[str, Any] = openapi or {}
        unknown = set(headers) - set(REQUEST_HEADERS)
        if unknown:
            raise ValueError(f"{operation.name}: undocumented request headers {sorted(unknown)}")
        self.headers = headers
        self.app = make_resolver(service.name)
        self._body: TypeAdapter[Any] | None = None  # the route's JSON body type (set by ``route``)
        self.app.use(middlewares=[self._strict_body])
        if operation.user_rate_limited:
            self.app.use(middlewares=[self._limit_per_user])
        self.handler = observed(service.name, operation=operation.name)(self._handle)

    def route(self, fn: F) -> F:
        method = self.operation.method
        assert method is not None
        body = _body_type(fn)
        self._body = TypeAdapter(body) if body is not None else None
        return self.app.route(self.operation.resolver_path, method, operation_id=self.operation.name,
                              tags=[self.service.name], summary=self.operation.name, status_code=self.status)(fn)

    def _handle(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            if self._body is not None:
                _require_json_media_type(event)
            _read_json_body(event, typed=self._body is not None)
        except errors.AppError as refused:
            return _refusal(refused, event)
        return self.app.resolve(event, context)

    def _strict_body(self, app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
        """A JSON body is held to its schema as JSON types: ``true`` is not a number, ``"5"`` is not an integer
        (pydantic's lax mode, which Powertools validates with, would turn them into ``1.0`` and ``5``). A body
        that is absent is left to Powertools (it names the missing fields)."""
        if self._body is not None and (raw := app.current_event.decoded_body):
            try:
                self._body.validate_json(raw, strict=True)
            except ValidationError as exc:
                raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
        return next_middleware(app)

    def _limit_per_user(self, app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
        """One token from a signed-in user's bucket before the route runs (after request validation); 429
        ``rate-limited`` with ``Retry-After`` when it is empty. Machine clients are not limited per user."""
        raw = app.current_event.raw_event.get("requestContext", {}).get("authorizer") or {}
        subject = raw.get("subject") or raw.get("principalId")
        if subject and subject != "anonymous" and raw.get("kind", "user") == "user":
            limiter = UserRateLimiter.from_settings(Settings.load(self.service.name), self.service.name)
            if limiter is not None:
                limiter.take(str(subject))
        return next_middleware(app)

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

    def page(self, cursor: str | None) -> Page:
        """Where this page of the listing starts, from the request's ``cursor``, and how to make the next one.
        A cursor is bound to this operation, the caller and every other query parameter (the filters), so it
        opens only for the listing that gave it out (``design_agent.cursors``); anything else is 400."""
        event = self.app.current_event
        filters = sorted((name, value) for name, values in (event.multi_value_query_string_parameters or {}).items()
                         if name not in ("cursor", "limit") for value in values)
        raw = event.raw_event.get("requestContext", {}).get("authorizer") or {}
        caller = raw.get("subject") or raw.get("principalId")
        scope = listing(self.service.name, self.operation.name, caller, json.dumps(filters))
        return Cursors.load(Settings.load(self.service.name)).page(scope, cursor)

    def source_ip(self) -> str:
        return str(self.app.current_event.request_context.identity.source_ip or "unknown")

    def header(self, name: str) -> str | None:
        if name in REQUEST_HEADERS and name not in self.headers:  # a header the document would not mention
            raise AssertionError(f"{self.operation.name} reads {name} without declaring it (headers=...)")
        return self.app.current_event.headers.get(name) or self.app.current_event.headers.get(name.lower())


def _body_type(fn: Callable[..., Any]) -> Any | None:
    """The type of the route's ``Annotated[..., Body()]`` parameter, if it takes a JSON body."""
    for hint in get_type_hints(fn, include_extras=True).values():
        if get_origin(hint) is Annotated and any(isinstance(meta, Body) for meta in get_args(hint)[1:]):
            return get_args(hint)[0]
    return None


def _media_type(event: dict[str, Any]) -> str:
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    return headers.get("content-type", "").strip()


def _is_json(media_type: str) -> bool:
    """What Powertools reads as JSON (and a body without a type, which it reads as JSON too)."""
    return not media_type or media_type.startswith("application/json")


def _require_json_media_type(event: dict[str, Any]) -> None:
    """415 for a body that says it is not JSON, before Powertools reads it: Powertools would parse form and
    multipart bodies as if they were the JSON object (and fail with a 500 on a multipart type without a
    boundary)."""
    received = _media_type(event)
    if not _is_json(received):
        raise errors.UnsupportedMediaType(f"Send the body as application/json, not {received}")


def _read_json_body(event: dict[str, Any], *, typed: bool) -> None:
    """The one place a JSON request body is read. ``application/json`` is one of the API's binary media types,
    so the body arrives as the exact bytes the client sent (base64): it must be UTF-8, and it is handed on as
    text. A JSON body that arrived as text was decoded by the gateway, which puts U+FFFD where bytes were not
    UTF-8, so a literal U+FFFD there is refused too (a client that means the character escapes it: ``\\ufffd``).
    A body the route validates (``typed``) must also be JSON nested at most ``json_input.MAX_DEPTH`` levels.
    Raises a 400 ``AppError``."""
    body = event.get("body")
    if not body or not _is_json(_media_type(event)):
        return
    if event.get("isBase64Encoded"):
        event["body"], event["isBase64Encoded"] = json_input.decode(base64.b64decode(body)), False
    elif json_input.REPLACEMENT in body:
        raise errors.InvalidEncoding("The body is not valid UTF-8 (the gateway replaced bytes with U+FFFD; "
                                     "send the character itself escaped as \\ufffd)")
    if typed:
        json_input.parse(event["body"])


def _refusal(error: errors.AppError, event: dict[str, Any]) -> dict[str, Any]:
    """A problem+json proxy response for a request refused before Powertools resolves it."""
    context = event.get("requestContext") or {}
    origin = next((str(v) for k, v in (event.get("headers") or {}).items() if str(k).lower() == "origin"), None)
    refused = problem(error, request_id=context.get("requestId"), instance=event.get("path"))
    return {"statusCode": refused.status_code, "isBase64Encoded": False, "body": refused.body,
            "headers": {"Content-Type": PROBLEM_JSON, **stage_cors().to_dict(origin)}}


def http_operation(service: Service, name: str, *, status: HTTPStatus = HTTPStatus.OK,
                   responses: tuple[HTTPStatus, ...] = (), openapi: Mapping[str, Any] | None = None,
                   headers: tuple[str, ...] = ()) -> HttpOperation:
    return HttpOperation(service, service.operation(name), status=status, responses=responses, openapi=openapi,
                         headers=headers)


def json_response(status: HTTPStatus, body: Any, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(status_code=status, content_type="application/json", body=body, headers=headers)
