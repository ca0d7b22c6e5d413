"""Page cursors: opaque, tamper-evident, and bound to the listing (route, caller and filters) that made them.

A cursor is where the last page stopped — a DynamoDB ``LastEvaluatedKey`` — with an HMAC-SHA256 tag under a
key derived from the stage's ``cursor-key`` secret (Secrets Manager; CDK generates its value, nothing is in code).
The tag covers the listing it belongs to as well as the position, so a cursor only opens for the same
operation, the same caller and the same filters: one user's cursor cannot page another's data, and a cursor of one
index never reaches a query of another. Anything else — garbage, a valid base64 of an unexpected shape, a cursor
of another listing or of an earlier key — is 400 ``invalid-cursor`` before any query runs. Changing the secret's
value invalidates every outstanding cursor (clients start again from the first page).

The position is signed, not encrypted (standard library only: every function that pages can check it without
the ``cryptography`` package, which would put the media functions over their size budget). Clients treat a
cursor as opaque by contract; decoding one shows only keys of the caller's own listing, which it already sees.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from aws_lambda_powertools.utilities.parameters import SecretsProvider

from design_agent import errors
from design_agent.clients import AwsClients, aws
from design_agent.settings import Settings
from design_agent.spec import Secret, SecretAccess

CURSOR_KEY: Final = Secret("cursor-key", rotated=False)  # declared by the gateway service
# what an operation that hands out cursors declares: ``Operation(..., secrets=PAGES)``
PAGES: Final[dict[str, SecretAccess]] = {CURSOR_KEY.name: "read"}
KEY_CACHE_S: Final = 900  # a changed key reaches every warm function within this time
_TAG = 32  # bytes of HMAC-SHA256
_INFO = b"design-agent page cursors v2"
_ATTRIBUTE_TYPES = frozenset({"S", "N", "B"})  # what a DynamoDB key attribute can be


@cache
def _provider(clients: AwsClients) -> SecretsProvider:
    """One provider per client factory: its cache lives as long as the warm function."""
    return SecretsProvider(boto3_client=clients.client("secretsmanager"))


class Cursors:
    def __init__(self, secret: str | bytes) -> None:
        material = secret.encode() if isinstance(secret, str) else secret
        if len(material) < 16:
            raise ValueError("the cursor key secret is too short")
        self._key = hmac.new(material, _INFO, hashlib.sha256).digest()  # the secret's own use, derived once

    @classmethod
    def load(cls, settings: Settings, clients: AwsClients | None = None) -> Cursors:
        """The stage's cursor key from Secrets Manager (cached for ``KEY_CACHE_S`` per warm function)."""
        raw = _provider(clients or aws()).get(settings.secret_id(CURSOR_KEY), max_age=KEY_CACHE_S)
        if not isinstance(raw, str | bytes):
            raise ValueError("the cursor key secret has no value")
        return cls(raw)

    def _tag(self, listing: str, payload: bytes) -> bytes:
        """The tag of ``payload`` in ``listing``: the listing's length first, so no split of the two collides."""
        scope = listing.encode()
        return hmac.new(self._key, len(scope).to_bytes(4, "big") + scope + payload, hashlib.sha256).digest()

    def seal(self, listing: str, position: Mapping[str, Any] | None) -> str | None:
        """The cursor of ``position`` in ``listing`` (None at the end of the listing)."""
        if not position:
            return None
        payload = json.dumps(position, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(self._tag(listing, payload) + payload).decode().rstrip("=")

    def open(self, listing: str, cursor: str | None) -> dict[str, Any] | None:
        """The position a cursor of ``listing`` stands for; 400 ``invalid-cursor`` for anything else."""
        if not cursor:
            return None
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raise errors.InvalidCursor("The cursor is not one this listing gave out") from None
        tag, payload = raw[:_TAG], raw[_TAG:]
        if not payload or not hmac.compare_digest(tag, self._tag(listing, payload)):
            raise errors.InvalidCursor("The cursor is not one this listing gave out")
        try:
            position = json.loads(payload)
        except ValueError:
            raise errors.InvalidCursor() from None
        if not _is_key(position):
            raise errors.InvalidCursor()
        return dict(position)

    def page(self, listing: str, cursor: str | None) -> Page:
        return Page(start=self.open(listing, cursor), next=lambda position: self.seal(listing, position))


@dataclass(frozen=True)
class Page:
    """Where a page of one listing starts (None: the first page), and how its end becomes the next cursor."""

    start: dict[str, Any] | None
    next: Callable[[Mapping[str, Any] | None], str | None]


def _is_key(value: Any) -> bool:
    """A DynamoDB key: attribute names to one-typed values (``{"S": "..."}``), as ``LastEvaluatedKey`` is."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(name, str) and isinstance(attr, dict) and len(attr) == 1
        and next(iter(attr)) in _ATTRIBUTE_TYPES and isinstance(next(iter(attr.values())), str)
        for name, attr in value.items())


def listing(*parts: object) -> str:
    """The associated data of a listing: its parts (operation, caller, filters) as unambiguous JSON."""
    return json.dumps([str(p) if p is not None else None for p in parts], separators=(",", ":"))
