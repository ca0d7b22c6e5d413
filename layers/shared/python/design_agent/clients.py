"""Lazily created, cached boto3 clients.

Endpoints are left to boto3's standard configuration (``AWS_ENDPOINT_URL`` and
``AWS_ENDPOINT_URL_<SERVICE>``), so the same code talks to AWS, LocalStack or the
embedded moto server, and one service can point somewhere else than the rest.

S3 is the one service whose URLs leave the process (presigned POSTs and GETs handed to browsers, workers and
other functions), so its client is configured here once: Signature Version 4 (``AWS4-HMAC-SHA256``; buckets
refuse SigV2) on the bucket's regional endpoint, virtual-hosted (``<bucket>.s3.<region>.amazonaws.com``, in
us-east-1 too) in AWS and path style at a local endpoint (moto, LocalStack), whose host names cannot carry a
bucket. The credentials are the session's: a Lambda role's temporary ones add their session token to every
URL and POST policy, and a URL lives no longer than those credentials.
"""

from __future__ import annotations

import os
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
SIGV4 = "s3v4"


def s3_config(endpoint_url: str | None = None) -> Config:
    """SigV4 on the regional endpoint; virtual-hosted in AWS, path style when S3 is a local endpoint."""
    local = endpoint_url or configured_endpoint("s3")
    return Config(signature_version=SIGV4, s3={"addressing_style": "path" if local else "virtual",
                                               "us_east_1_regional_endpoint": "regional"})


# client names whose botocore service id is not the name itself (tests/unit/test_s3_signing.py checks them)
_SERVICE_IDS = {"dynamodbstreams": "DYNAMODB_STREAMS", "secretsmanager": "SECRETS_MANAGER", "events": "EVENTBRIDGE"}


def endpoint_variable(service: str) -> str:
    """The environment variable boto3 reads for one service's endpoint: ``AWS_ENDPOINT_URL_`` + its service id
    (``dynamodbstreams`` -> ``AWS_ENDPOINT_URL_DYNAMODB_STREAMS``)."""
    return "AWS_ENDPOINT_URL_" + _SERVICE_IDS.get(service, service.upper())


def configured_endpoint(service: str) -> str | None:
    """The endpoint boto3 takes from the environment for ``service`` (``AWS_ENDPOINT_URL_<SERVICE>``, then
    ``AWS_ENDPOINT_URL``), None for AWS's own."""
    if os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
        return None
    return os.environ.get(endpoint_variable(service)) or os.environ.get("AWS_ENDPOINT_URL") or None


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
                merged = self._config.merge(config) if config else self._config
                if service == "s3":
                    merged = merged.merge(s3_config(endpoint_url))
                self._clients[key] = session.client(service, endpoint_url=endpoint_url, config=merged)
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
