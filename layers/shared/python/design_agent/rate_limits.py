"""The per-user rate limit: a token bucket per signed-in user, kept in DynamoDB as GCRA.

GCRA (the generic cell rate algorithm) is a token bucket stored as one number per user: the *theoretical
arrival time* ``tat`` (epoch ms). With a rate of ``r`` requests per second the emission interval is
``T = 1000 / r`` ms and a burst of ``b`` allows ``tau = (b - 1) * T`` ms of credit. A request at ``now`` is
allowed when ``max(tat, now) - now <= tau`` and then moves ``tat`` to ``max(tat, now) + T``; otherwise the next
token comes ``tat - tau - now`` ms later (the ``Retry-After``). A ``tat`` in the past is a full bucket, so an
item that TTL has not deleted yet means the same as no item at all.

DynamoDB has no ``max`` in update expressions, so each case is a conditional ``UpdateItem`` of its own
(``tat`` below ``now`` and "some credit left" are disjoint conditions), tried in the order of the common case:

1. *full bucket* (a new user, or one whose last call's ``tat`` has passed — every call of a user below the rate
   that does not follow another within ``T``): ``SET tat = now + T`` if ``tat`` is absent or ``< now``. One
   request.
2. the condition failed: the stored ``tat`` comes back with the failure (``ReturnValuesOnConditionCheckFailure``),
   no read needed. Credit left (``now <= tat <= now + tau``): ``SET tat = tat + T`` under that same condition,
   which commutes with concurrent calls of the same user. Two requests.
3. no credit (``tat > now + tau``): refused with ``errors.UserRateLimited`` (429, ``Retry-After``). One request,
   no write, so a flood of refused calls costs one request each.

A write that loses a race finds the new ``tat`` in its failure and decides again (at most ``MAX_WRITES``).
Non-critical: any failure other than a refused condition (throttling, a missing table, the network) is logged and
the call goes through — the limit fails open; the stage and route limits of API Gateway still apply.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from design_agent import errors
from design_agent.clients import AwsClients, aws
from design_agent.dynamo import is_condition_failure, values
from design_agent.observability import logger
from design_agent.settings import MissingSetting, Settings
from design_agent.spec import RATE_LIMITS_TABLE, Throttle

MAX_WRITES = 3  # conditional writes per call before giving up (and letting the call through)
TTL_MARGIN_S = 60  # an item outlives its tat by this much (past its tat it is a full bucket anyway)

NowMs = Callable[[], int]


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def interval_ms(limit: Throttle) -> int:
    """The emission interval ``T``: whole milliseconds between tokens, so integer arithmetic stays exact (a rate is
    rounded to ``1000 / T``: 3 rps is a token every 333 ms; at most 1000 rps)."""
    return max(1, round(1000 / limit.rate_rps))


def bucket_key(subject: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"USER#{subject}"}}


class UserRateLimiter:
    """``take(subject)``: one token from that user's bucket, or ``errors.UserRateLimited``."""

    def __init__(self, table_name: str, limit: Throttle, clients: AwsClients | None = None,
                 now_ms: NowMs = wall_clock_ms, service: str = "gateway") -> None:
        self._table = table_name
        self._interval = interval_ms(limit)
        self._tolerance = (max(1, limit.burst) - 1) * self._interval
        self._clients = clients or aws()
        self._now_ms = now_ms
        self._log = logger(service)

    @classmethod
    def from_settings(cls, settings: Settings, service: str,
                      clients: AwsClients | None = None) -> UserRateLimiter | None:
        """The stage's limiter; None when the stage sets no per-user limit (or, logged, this function was not
        given the table: the limit fails open rather than the call)."""
        limit = settings.user_limit
        if limit is None:
            return None
        try:
            table = settings.table(RATE_LIMITS_TABLE)
        except MissingSetting as exc:
            logger(service).warning("per-user rate limit skipped", extra={"reason": str(exc)})
            return None
        return cls(table, limit, clients, service=service)

    def take(self, subject: str) -> None:
        now = self._now_ms()
        seen: int | None = None  # the stored tat, once a failed condition told us (None: absent or not known)
        for _ in range(MAX_WRITES):
            if seen is None or seen < now:  # a full bucket
                seen, done = self._write(subject, now, "SET tat = :tat, expires_at = :exp",
                                         "attribute_not_exists(tat) OR tat < :now", tat=now + self._interval)
            elif seen <= now + self._tolerance:  # credit left
                seen, done = self._write(subject, now, "SET tat = tat + :t, expires_at = :exp",
                                         "tat BETWEEN :now AND :limit", t=self._interval,
                                         limit=now + self._tolerance)
            else:
                raise self._refusal(seen, now)
            if done:
                return
        if seen is not None and seen > now + self._tolerance:
            raise self._refusal(seen, now)
        self._log.warning("per-user rate limit contended; call let through", extra={"subject": subject})

    def _refusal(self, tat: int, now: int) -> errors.UserRateLimited:
        wait_ms = tat - self._tolerance - now
        return errors.UserRateLimited("Too many requests; retry after the time given",
                                      retry_after_s=math.ceil(wait_ms / 1000))

    def _write(self, subject: str, now: int, update: str, condition: str, **params: int) -> tuple[int | None, bool]:
        """``(None, True)`` when written (or when DynamoDB failed: open); ``(the tat that refused it, False)``."""
        horizon_ms = now + self._tolerance + self._interval  # no write leaves tat beyond this
        expires_at = math.ceil(horizon_ms / 1000) + TTL_MARGIN_S
        try:
            self._clients.hot_path("dynamodb").update_item(
                TableName=self._table, Key=bucket_key(subject), UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeValues=values(now=now, exp=expires_at, **params),
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
        except ClientError as exc:
            if is_condition_failure(exc):
                return _tat(exc.response.get("Item")), False
            return self._fail_open(subject, exc)
        except BotoCoreError as exc:
            return self._fail_open(subject, exc)
        return None, True

    def _fail_open(self, subject: str, exc: Exception) -> tuple[None, bool]:
        self._log.warning("per-user rate limit unavailable; call let through",
                          extra={"subject": subject, "error": type(exc).__name__, "detail": str(exc)[:300]})
        return None, True


def _tat(item: dict[str, Any] | None) -> int | None:
    raw = (item or {}).get("tat", {}).get("N")
    return int(raw) if raw is not None else None
