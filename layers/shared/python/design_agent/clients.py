"""Lazily created, cached boto3 clients.

Endpoints are left to boto3's standard configuration (``AWS_ENDPOINT_URL`` and
``AWS_ENDPOINT_URL_<SERVICE>``), so the same code talks to AWS, LocalStack or the
embedded moto server, and one service can point somewhere else than the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=3, read_timeout=30)
# for a step in front of every request that may fail open (the per-user limit): a hanging dependency then costs
# a request at most ~6 s (2 attempts of 1 s connect + 2 s read), not the standard client's ~100 s
HOT_PATH_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 2}, connect_timeout=1, read_timeout=2)


class AwsClients:
    """One client per AWS service, created on first use and reused across invocations."""

    def __init__(self, session: boto3.session.Session | None = None, config: Config = _CONFIG) -> None:
        self._session = session
        self._config = config
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def client(self, service: str) -> Any:
        return self._cached(service, service, None)

    def hot_path(self, service: str) -> Any:
        """A client with short deadlines and one retry (``HOT_PATH_CONFIG``), for optional steps of every call."""
        return self._cached(f"{service}#hot-path", service, None, HOT_PATH_CONFIG)

    def dynamodb(self) -> Any:
        return self.client("dynamodb")

    def client_at(self, service: str, endpoint_url: str) -> Any:
        """A client of an API whose endpoint is per deployment, e.g. ``apigatewaymanagementapi`` at a WebSocket
        API's callback URL."""
        return self._cached(f"{service}@{endpoint_url}", service, endpoint_url)

    def _cached(self, key: str, service: str, endpoint_url: str | None, config: Config | None = None) -> Any:
        found = self._clients.get(key)
        if found is not None:
            return found
        with self._lock:
            if key not in self._clients:
                session = self._session or boto3.session.Session()
                self._clients[key] = session.client(service, endpoint_url=endpoint_url,
                                                    config=self._config.merge(config) if config else self._config)
            return self._clients[key]

    def reset(self) -> None:
        """Forget every client (the local runtime calls this after changing endpoints)."""
        with self._lock:
            self._clients.clear()


_default: AwsClients | None = None
C = TypeVar("C", bound=AwsClients)
_default_lock = threading.Lock()


@contextmanager
def using(clients: C) -> Iterator[C]:
    """Make ``clients`` the process-wide factory for a while (in-process sandboxes that host several
    services at once route their ``lambda.invoke`` calls this way)."""
    global _default
    previous, _default = _default, clients
    try:
        yield clients
    finally:
        _default = previous


def aws() -> AwsClients:
    """The process-wide client factory (Lambda reuses it across warm invocations)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = AwsClients()
    return _default
