"""Handlers of a made-up "demo" service that exercise the local platform's machinery (not any real service).

Each module is one operation's handler module, as in ``functions/<service>/handlers``; what they receive is
recorded in ``SEEN`` for the tests to look at."""

from typing import Any

SEEN: list[Any] = []
