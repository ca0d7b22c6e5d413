"""Sortable, prefixed identifiers: ``usr_01JD8Y3...`` (ULID, time-ordered)."""

from __future__ import annotations

import hashlib
import re

from ulid import ULID

PREFIXES = {
    "user": "usr",
    "session": "ses",
    "task": "tsk",
    "poster": "pst",
    "layer": "lyr",
    "element": "elm",
    "template": "tpl",
    "file": "fil",
    "event": "evt",
    "message": "msg",
    "key": "key",
    "batch": "bat",
    "client": "cli",
    "font": "fnt",
    "asset": "ast",
    "media_job": "mjb",
}

_ID = re.compile(r"^(?P<prefix>[a-z]{3})_(?P<ulid>[0-9A-HJKMNP-TV-Z]{26})$")


def new_id(kind: str) -> str:
    return f"{PREFIXES[kind]}_{ULID()}"


def is_id(value: str, kind: str) -> bool:
    match = _ID.match(value)
    return bool(match) and match is not None and match["prefix"] == PREFIXES[kind]


def derived_ulid(parent_id: str, *parts: object) -> str:
    """A ULID fixed by ``parent_id`` and ``parts``: the parent's time, randomness from a hash of both. What one
    retried step makes (a task attempt's poster or preview) gets the same id each time, so it is made once."""
    parent = ULID.from_str(parent_id.split("_", 1)[1])
    randomness = hashlib.sha256("#".join([parent_id, *map(str, parts)]).encode()).digest()[:10]
    return str(ULID.from_bytes(parent.bytes[:6] + randomness))


def derived_id(kind: str, parent_id: str, *parts: object) -> str:
    return f"{PREFIXES[kind]}_{derived_ulid(parent_id, *parts)}"
