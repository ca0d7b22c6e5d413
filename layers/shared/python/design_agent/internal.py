"""Service-to-service calls: a typed client over ``lambda.invoke`` and the matching handler shape.

Wire format (the payload of the internal Lambda)::

    request:  {"operation": "ConsumeQuota", "body": {...}, "correlation_id": "..."}
    response: {"ok": true, "body": {...}}
           |  {"ok": false, "error": {"code": "quota-exceeded", "status": 429, "detail": "..."}}

Domain errors cross the boundary as data and are raised again, as the same
``AppError`` type, on the caller's side. A crash of the callee (``FunctionError``)
becomes ``UpstreamError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from design_agent import errors
from design_agent.clients import AwsClients, aws
from design_agent.observability import correlation_id, logger, observed
from design_agent.spec import function_name

Req = TypeVar("Req", bound=BaseModel)
Res = TypeVar("Res", bound=BaseModel)


def _error_types() -> dict[str, type[errors.AppError]]:
    found: dict[str, type[errors.AppError]] = {}
    stack: list[type[errors.AppError]] = [errors.AppError]
    while stack:
        cls = stack.pop()
        found.setdefault(cls.code, cls)
        stack.extend(cls.__subclasses__())
    return found


def raise_remote(error: dict[str, Any]) -> None:
    code = str(error.get("code") or errors.UpstreamError.code)
    cls = _error_types().get(code)
    if cls is None:  # a code this caller does not know: keep the callee's status and code
        status = int(error.get("status") or errors.UpstreamError.status)
        cls = type("RemoteError", (errors.AppError,), {"status": status, "code": code, "title": "Remote error"})
    detail = str(error.get("detail") or cls.title)
    extra = {k: v for k, v in (error.get("extra") or {}).items() if k not in ("retry_after_s", "headers")}
    if issubclass(cls, errors.TooManyRequests):
        raise cls(detail, retry_after_s=int(error.get("retry_after_s") or 1), **extra)
    raise cls(detail, **extra)


class InternalClient:
    """Calls internal operations of other services with ``lambda.invoke``."""

    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._stage = stage
        self._clients = clients or aws()

    def _invoke(self, service: str, operation: str, body: BaseModel, invocation: str) -> Any:
        payload = {"operation": operation, "body": body.model_dump(mode="json"), "correlation_id": correlation_id()}
        return self._clients.client("lambda").invoke(
            FunctionName=function_name(self._stage, service, operation),
            InvocationType=invocation,
            Payload=json.dumps(payload).encode(),
        )

    def send(self, service: str, operation: str, body: BaseModel) -> None:
        """An asynchronous call (``InvocationType=Event``): Lambda queues it and retries a failure twice; nothing
        comes back. ``UpstreamError`` if it was not accepted."""
        result = self._invoke(service, operation, body, "Event")
        if int(result.get("StatusCode", 0)) not in (200, 202):
            raise errors.UpstreamError(f"{service}.{operation} was not accepted")

    def call(self, service: str, operation: str, body: BaseModel, response: type[Res]) -> Res:
        result = self._invoke(service, operation, body, "RequestResponse")
        raw = result["Payload"].read()
        if result.get("FunctionError"):
            logger(service).error("internal call crashed", extra={"operation": operation, "payload": raw[:2000]})
            raise errors.UpstreamError(f"{service}.{operation} failed")
        answer = json.loads(raw or b"null")
        if not isinstance(answer, dict) or "ok" not in answer:
            raise errors.UpstreamError(f"{service}.{operation} answered in an unknown format")
        if not answer["ok"]:
            raise_remote(answer.get("error") or {})
        return response.model_validate(answer.get("body") or {})


def internal_handler(
    service: str, request: type[Req], fn: Callable[[Req], BaseModel], *, operation: str | None = None
) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """Wrap ``fn`` as the Lambda handler of an internal operation (see the wire format above); ``operation``, its
    name in the service description, is the ``operation`` dimension of its metrics."""

    @observed(service, correlation_id_path="correlation_id", operation=operation)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            body = request.model_validate(event.get("body") or {})
        except ValidationError as exc:
            return {"ok": False, "error": {"code": errors.Unprocessable.code, "status": 422,
                                           "detail": str(exc.errors(include_url=False))}}
        try:
            return {"ok": True, "body": fn(body).model_dump(mode="json")}
        except errors.AppError as exc:
            error: dict[str, Any] = {"code": exc.code, "status": exc.status, "detail": exc.detail}
            if exc.extra:  # e.g. the field paths of a 422, which the caller hands on to its own client
                error["extra"] = exc.extra
            if isinstance(exc, errors.TooManyRequests):
                error["retry_after_s"] = exc.retry_after_s
            return {"ok": False, "error": error}

    return handler
