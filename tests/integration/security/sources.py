"""HTTP clients that come from distinct source addresses: every 127.x.y.z is this machine, so a test can be two
clients (an attacker and a victim) over real sockets and the gateway tells them apart by their address, as API
Gateway does by ``sourceIp``."""

from __future__ import annotations

import itertools
from typing import Any

import requests
from requests.adapters import HTTPAdapter

_next = itertools.count(2)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def new_source() -> str:
    """A loopback address no other test of the session has used (the session's own client is 127.0.0.1)."""
    n = next(_next)
    return f"127.0.{n // 250}.{n % 250 + 2}"


def client_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session
