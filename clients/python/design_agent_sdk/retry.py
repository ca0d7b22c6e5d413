"""Retries with backoff, as an httpx transport: 429 (always: the gateway refused it before any work) and 5xx
or a dropped connection (only when repeating cannot do a thing twice: a safe method, or a request that carries
an ``Idempotency-Key``), waiting what ``Retry-After`` says or an exponential backoff with jitter."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from design_agent_sdk.errors import parse_retry_after

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRIED_SERVER_ERRORS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    backoff_s: float = 0.5  # the first wait without Retry-After; doubled after each try
    max_backoff_s: float = 20.0
    max_retry_after_s: float = 60.0  # a longer Retry-After is not waited for: the caller gets RateLimited

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Equal jitter: half the exponential step for sure, the other half at random (callers spread out)."""
        step = min(self.max_backoff_s, self.backoff_s * 2.0 ** (attempt - 1))
        return step / 2 + rng.uniform(0, step / 2)


NO_RETRIES = RetryPolicy(attempts=1)


@dataclass(frozen=True)
class RetryEvent:
    """What the transport is about to wait for: shown by the CLI, counted by tests."""

    method: str
    url: str
    attempt: int  # the try that failed
    delay_s: float
    status: int | None  # None: the connection failed
    retry_after: float | None


def may_repeat(request: httpx.Request) -> bool:
    return request.method in SAFE_METHODS or "Idempotency-Key" in request.headers


class RetryTransport(httpx.BaseTransport):
    def __init__(self, policy: RetryPolicy = RetryPolicy(), inner: httpx.BaseTransport | None = None, *,
                 always_repeatable: bool = False, sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[RetryEvent], None] | None = None, rng: random.Random | None = None) -> None:
        self.policy = policy
        self._inner = inner or httpx.HTTPTransport()
        self._always_repeatable = always_repeatable  # e.g. a presigned POST to a fixed key
        self._sleep = sleep
        self._on_retry = on_retry
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrets

    def _delay(self, request: httpx.Request, response: httpx.Response | None, attempt: int) -> float | None:
        """How long to wait before trying again, or None to answer now."""
        if attempt >= self.policy.attempts:
            return None
        repeatable = self._always_repeatable or may_repeat(request)
        if response is None:
            return self.policy.backoff(attempt, self._rng) if repeatable else None
        if response.status_code == 429 or (repeatable and response.status_code in RETRIED_SERVER_ERRORS):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is None:
                return self.policy.backoff(attempt, self._rng)
            return retry_after if retry_after <= self.policy.max_retry_after_s else None
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._inner.handle_request(request)
            except (httpx.ConnectError, httpx.ConnectTimeout):  # never reached the server: always safe to repeat
                if attempt >= self.policy.attempts:
                    raise
                self._wait(request, attempt, self.policy.backoff(attempt, self._rng), None, None)
                continue
            except httpx.TransportError:
                delay = self._delay(request, None, attempt)
                if delay is None:
                    raise
                self._wait(request, attempt, delay, None, None)
                continue
            delay = self._delay(request, response, attempt)
            if delay is None:
                return response
            response.close()
            self._wait(request, attempt, delay, response.status_code,
                       parse_retry_after(response.headers.get("Retry-After")))

    def _wait(self, request: httpx.Request, attempt: int, delay: float, status: int | None,
              retry_after: float | None) -> None:
        if self._on_retry is not None:
            self._on_retry(RetryEvent(method=request.method, url=str(request.url), attempt=attempt, delay_s=delay,
                                      status=status, retry_after=retry_after))
        self._sleep(delay)

    def close(self) -> None:
        self._inner.close()
