"""Sortable, prefixed identifiers: ``usr_01JD8Y3...`` (ULID, time-ordered)."""

from __future__ import annotations

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
}

_ID = re.compile(r"^(?P<prefix>[a-z]{3})_(?P<ulid>[0-9A-HJKMNP-TV-Z]{26})$")


def new_id(kind: str) -> str:
    return f"{PREFIXES[kind]}_{ULID()}"


def is_id(value: str, kind: str) -> bool:
    match = _ID.match(value)
    return bool(match) and match is not None and match["prefix"] == PREFIXES[kind]
