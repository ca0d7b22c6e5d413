"""UTC time, injectable for tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from pydantic import BeforeValidator

Clock = Callable[[], datetime]

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _rfc3339_only(value: object) -> object:
    """Pydantic's lax datetime takes numbers and numeric text as Unix times (``?created_before=0.5`` is 1970):
    an input documented as ``format: date-time`` must be one."""
    if isinstance(value, str) and _RFC3339.match(value):
        return value
    if isinstance(value, datetime):
        return value
    raise ValueError("expected an RFC 3339 date-time, e.g. 2026-12-03T12:00:00Z")


# a date-time in a request (query or body): RFC 3339 text only, as the OpenAPI document says
DateTimeInput = Annotated[datetime, BeforeValidator(_rfc3339_only)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def epoch_ms(value: datetime) -> int:
    """Milliseconds since the epoch: the precision revocation compares token issue times at (docs/decisions.md)."""
    return int(value.timestamp() * 1000)


def stamp(value: datetime) -> str:
    """Fixed-width UTC time (always with microseconds), so sort keys and conditions compare it as text."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
