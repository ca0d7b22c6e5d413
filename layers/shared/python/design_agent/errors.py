"""Domain errors with a stable ``code``; mapped to HTTP in exactly one place (``api.problem``).

Logic and data-access layers raise these; nothing else decides status codes.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extra = extra


class BadRequest(AppError):
    status = 400
    code = "bad-request"
    title = "Bad request"


class MalformedJson(BadRequest):
    code = "malformed-json"
    title = "The request body is not valid JSON"


class InvalidOneTimeToken(BadRequest):
    """A verification or password-reset token that is unknown, used already or expired (the same answer for all)."""

    code = "invalid-one-time-token"
    title = "The link is invalid, used or expired"


class JsonTooDeep(MalformedJson):
    code = "json-too-deep"
    title = "The request body nests JSON too deeply"


class InvalidEncoding(BadRequest):
    code = "invalid-encoding"
    title = "The request body is not valid UTF-8"


class InvalidCursor(BadRequest):
    code = "invalid-cursor"
    title = "The pagination cursor is not valid"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"
    title = "Authentication required"


class InvalidToken(Unauthorized):
    code = "invalid-token"
    title = "The token is invalid, expired or revoked"


class InvalidCredentials(Unauthorized):
    code = "invalid-credentials"
    title = "Email or password is wrong"


class OAuthError(AppError):
    """An RFC 6749 §5.2 token-endpoint error: ``code`` is the OAuth error code, also sent as ``error``."""

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail, headers=headers, **{"error": self.code, **extra})


class InvalidClient(OAuthError, Unauthorized):
    code = "invalid_client"
    title = "Client authentication failed"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Basic realm="design-agent"'}, **extra)


class UnsupportedGrantType(OAuthError, BadRequest):
    code = "unsupported_grant_type"
    title = "The grant type is not supported"


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    title = "Not allowed"


class AccountBlocked(Forbidden):
    code = "account-blocked"
    title = "The account is blocked"


class NotFound(AppError):
    status = 404
    code = "not-found"
    title = "Resource not found"


class Conflict(AppError):
    status = 409
    code = "conflict"
    title = "Conflict with the current state"


class AlreadyExists(Conflict):
    code = "already-exists"
    title = "The resource already exists"


class PreconditionFailed(AppError):
    status = 412
    code = "precondition-failed"
    title = "The resource changed since it was read"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload-too-large"
    title = "The request body is too large"


class UnsupportedMediaType(AppError):
    """The request body is in a media type the operation does not read (it reads JSON)."""

    status = 415
    code = "unsupported-media-type"
    title = "The request body's media type is not accepted"


class Unprocessable(AppError):
    status = 422
    code = "validation-failed"
    title = "The request is not valid"


class UnknownReference(Unprocessable):
    """A request names a file, font, template or poster that the caller may not use: absent, someone else's, or
    not in a usable state all read the same (``errors`` has the field paths), so nothing about other users'
    resources leaks."""

    code = "unknown-reference"
    title = "The request refers to something that does not exist"


class UnsupportedContentType(Unprocessable):
    code = "unsupported-content-type"
    title = "This content type is not accepted here"


class TooManyRequests(AppError):
    status = 429
    code = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after_s: int, **extra: Any) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))}, **extra)
        self.retry_after_s = retry_after_s


class UserRateLimited(TooManyRequests):
    """The caller's per-user token bucket is empty (``design_agent.rate_limits``); ``retry_after_s`` in the body
    too (whole seconds until the next token, as in ``Retry-After``)."""

    code = "rate-limited"
    title = "Too many requests from this user"

    def __init__(self, detail: str | None = None, *, retry_after_s: int, **extra: Any) -> None:
        super().__init__(detail, retry_after_s=retry_after_s, **extra)
        self.extra["retry_after_s"] = max(1, retry_after_s)


class QuotaExceeded(AppError):
    status = 429
    code = "quota-exceeded"
    title = "The quota for this period is used up"


class ServiceUnavailable(AppError):
    """An AWS service stayed throttled or unreachable through the SDK's retries: nothing was lost, try again."""

    status = 503
    code = "temporarily-unavailable"
    title = "The service is briefly unavailable: try again"

    def __init__(self, detail: str | None = None, *, retry_after_s: int = 1, **extra: Any) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))}, **extra)


class UpstreamError(AppError):
    status = 502
    code = "upstream-error"
    title = "A service this operation depends on failed"
