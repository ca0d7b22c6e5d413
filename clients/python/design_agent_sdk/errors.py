"""Typed errors: every refusal of the API is an :class:`ApiError` made from its problem+json (RFC 9457) body,
of the subclass of its status, with the stable ``code``, the ``status``, ``retry_after`` and the field errors."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx


class DesignAgentError(Exception):
    """Anything this SDK raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One invalid field of a 422 answer: where (``body.email``), what is wrong, and the validator's type."""

    path: str
    message: str
    type: str | None = None


class ApiError(DesignAgentError):
    """The API refused a request. ``code`` is stable (``rate-limited``, ``validation-failed``, ...); ``problem``
    is the whole problem+json body, with any extra members the operation adds (``current_status``, ...)."""

    def __init__(self, status: int, code: str, title: str, detail: str | None = None, *,
                 request_id: str | None = None, errors: tuple[FieldError, ...] = (),
                 retry_after: float | None = None, problem: Mapping[str, Any] | None = None) -> None:
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.request_id, self.errors, self.retry_after = request_id, errors, retry_after
        self.problem: Mapping[str, Any] = problem or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """One line a person can read: what happened and, for invalid input, which fields."""
        text = f"{self.status} {self.code}: {self.detail or self.title}"
        if self.errors:
            text += " (" + "; ".join(f"{e.path}: {e.message}" for e in self.errors) + ")"
        return text

    @classmethod
    def from_response(cls, status: int, headers: Mapping[str, str], content: bytes) -> ApiError:
        """The error an answer stands for; an answer that is not problem+json (a proxy's HTML page) still gives
        its status, with ``code`` ``http-<status>`` and the start of its text as the detail."""
        try:
            body = json.loads(content) if content else {}
        except ValueError:
            body = {}
        if not isinstance(body, dict) or "code" not in body:
            text = content.decode(errors="replace").strip()[:300]
            body = {"code": f"http-{status}", "title": httpx.codes.get_reason_phrase(status) or "Error",
                    **({"detail": text} if text else {})}
        retry_after = parse_retry_after(headers.get("Retry-After"))
        if retry_after is None and isinstance(body.get("retry_after_s"), int | float):
            retry_after = float(body["retry_after_s"])
        errors = tuple(FieldError(path=str(e.get("path", "")), message=str(e.get("message", "")),
                                  type=e.get("type")) for e in body.get("errors") or [] if isinstance(e, dict))
        kind = STATUS_ERRORS.get(status, ServerError if status >= 500 else ApiError)
        return kind(status, str(body["code"]), str(body.get("title", "")), body.get("detail"),
                    request_id=body.get("request_id"), errors=errors, retry_after=retry_after, problem=body)

    @classmethod
    def of(cls, response: httpx.Response) -> ApiError:
        return cls.from_response(response.status_code, response.headers, response.read())


class BadRequest(ApiError):
    """400: malformed JSON, a cursor that is not ours, parameters that do not go together."""


class Unauthorized(ApiError):
    """401: no token, a bad or expired one, wrong credentials."""


class SessionExpired(Unauthorized):
    """The session cannot be renewed (signed out, revoked, or the refresh token was used twice): sign in again."""


class Forbidden(ApiError):
    """403: this principal may not do that (a user route with a worker token, a blocked account, not an admin)."""


class NotFound(ApiError):
    """404: no such resource, or it belongs to someone else."""


class Conflict(ApiError):
    """409: the resource is not in a state that allows it (a finished task, a lease another worker holds)."""


class PreconditionFailed(ApiError):
    """412: the ``If-Match`` version is stale."""


class PayloadTooLarge(ApiError):
    """413: the request or the file is larger than allowed."""


class UnsupportedMediaType(ApiError):
    """415: the body is not in a media type the operation reads."""


class ValidationFailed(ApiError):
    """422: one or more fields are invalid (``errors`` lists them)."""


class RateLimited(ApiError):
    """429: throttled; ``retry_after`` says how long to wait (the SDK waits and retries on its own first)."""


class ServerError(ApiError):
    """5xx: a failure on the platform's side (retried for safe requests before it is raised)."""


STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict, 412: PreconditionFailed,
    413: PayloadTooLarge, 415: UnsupportedMediaType, 422: ValidationFailed, 429: RateLimited}


class UploadFailed(DesignAgentError):
    """The file did not become a stored file: the bucket refused the upload, or the confirmation rejected it."""

    def __init__(self, message: str, *, file_id: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.file_id, self.reason = file_id, reason


class TaskFailed(DesignAgentError):
    """A generation ended without a poster: it failed (``code`` and message from the worker) or was cancelled."""

    def __init__(self, task_id: str, status: str, code: str | None, message: str) -> None:
        super().__init__(f"task {task_id} {status}: {message}" if message else f"task {task_id} {status}")
        self.task_id, self.status, self.code = task_id, status, code


class TaskLost(DesignAgentError):
    """A worker must stop working on its task: it was cancelled or finished, or another worker holds it now.
    ``current_status`` is the task's status as the API told it (``cancelled``, ``succeeded``, ``running``...)."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.message)
        self.error = error
        current = error.problem.get("current_status")
        self.current_status: str | None = str(current) if current else None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: either delay-seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
