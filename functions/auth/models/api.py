"""HTTP input and output of the Auth service."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal
from urllib.parse import parse_qs, unquote_plus

from design_agent import errors, json_input
from pydantic import BaseModel, Field, ValidationError


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=512)


class SessionOut(BaseModel):
    session_id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    source_ip: str | None = None
    user_agent: str | None = None
    current: bool = False


class SessionList(BaseModel):
    items: list[SessionOut]


class VerifyRequest(BaseModel):
    token: str = Field(min_length=1, max_length=4096)


class VerifyResult(BaseModel):
    active: bool
    subject: str
    role: str
    session_id: str | None
    expires_at: datetime
    kind: str


class PermissionRequest(BaseModel):
    resource: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_-]*$")
    action: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_*-]*$")


class PermissionResult(BaseModel):
    allowed: bool
    role: str
    resource: str
    action: str


# --- machine clients -------------------------------------------------------------------------------
class ClientOut(BaseModel):
    client_id: str
    name: str
    description: str | None = None
    role: str
    status: Literal["active", "disabled"]
    created_at: datetime
    disabled_at: datetime | None = None


class CreatedClient(ClientOut):
    client_secret: str  # shown this once


class ClientList(BaseModel):
    items: list[ClientOut]
    next_cursor: str | None = None


class ClientToken(BaseModel):
    """RFC 6749 §5.1 access token response."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


CLIENT_CREDENTIALS = "client_credentials"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class ClientCredentials(BaseModel):
    """A client-credentials token request (RFC 6749 §4.4), from a form or JSON body and/or HTTP Basic."""

    grant_type: str = Field(min_length=1, max_length=64)
    client_id: str = Field(min_length=1, max_length=64)
    client_secret: str = Field(min_length=1, max_length=256)

    @classmethod
    def from_http(cls, content_type: str | None, body: str | None, authorization: str | None) -> ClientCredentials:
        fields = _token_fields(content_type, body or "")
        grant = fields.get("grant_type")
        if isinstance(grant, str) and grant and grant != CLIENT_CREDENTIALS:
            raise errors.UnsupportedGrantType(f"Only grant_type={CLIENT_CREDENTIALS} is supported")
        basic = _basic_credentials(authorization)
        if basic is not None:
            if "client_secret" in fields or fields.get("client_id", basic[0]) != basic[0]:
                raise errors.BadRequest("Authenticate the client with HTTP Basic or in the body, not both")
            fields.update(client_id=basic[0], client_secret=basic[1])
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            raise errors.Unprocessable("One or more fields are invalid", errors=[
                {"path": ".".join(["body", *map(str, e["loc"])]), "message": e["msg"], "type": e["type"]}
                for e in exc.errors(include_url=False)]) from exc


def _token_fields(content_type: str | None, body: str) -> dict[str, Any]:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == FORM:
        parsed = parse_qs(body, keep_blank_values=True)
        if any(len(v) > 1 for v in parsed.values()):
            raise errors.BadRequest("A parameter is repeated")
        return {k: v[0] for k, v in parsed.items()}
    if media not in ("", JSON):
        raise errors.UnsupportedContentType(f"Send {FORM} or {JSON}")
    if not body.strip():
        return {}
    value = json_input.parse(body)
    if not isinstance(value, dict):
        raise errors.Unprocessable("The body must be a JSON object")
    return value


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """RFC 6749 §2.3.1: ``Basic base64(urlencode(client_id):urlencode(client_secret))``; None without Basic."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise errors.InvalidClient("The Basic credentials are malformed") from exc
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise errors.InvalidClient("The Basic credentials are malformed")
    return unquote_plus(client_id), unquote_plus(secret)
