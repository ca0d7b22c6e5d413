"""API Gateway's throttling, locally: token buckets for the stage and for routes that declare a stricter limit,
and (what WAF's per-IP rate rules do in AWS) a bucket per client address on every public route.

The stage's rate and burst come from ``cdk.json`` (the stage's settings, ``dev``'s for a stage not listed),
the per-route ones from the service description (``Operation.throttle``), the per-source ones too
(``Operation.per_source_limit``) — the same values CDK deploys. The per-source bucket is taken first, so a client
over its own limit spends nothing of the buckets everyone shares. A refused request gets API Gateway's THROTTLED
response: 429 problem+json with ``Retry-After``.
The per-user limit is not the gateway's: the functions take a token from the caller's bucket in DynamoDB
(``design_agent.rate_limits``); the platform only gives them the stage's values (``user_limit_environment``).
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from design_agent.spec import Throttle

CDK_JSON = Path(__file__).resolve().parents[1] / "cdk.json"


class TokenBucket:
    def __init__(self, limit: Throttle, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._rate = limit.rate_rps
        self._burst = float(limit.burst)
        self._tokens = float(limit.burst)
        self._monotonic = monotonic
        self._at = monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = self._monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
            self._at = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True


class SourceBuckets:
    """A token bucket per (route, client address), created on a client's first request; the least recently used
    are forgotten past ``max_sources`` (a forgotten bucket is a full one, as an idle client's would be)."""

    def __init__(self, limit: Throttle, max_sources: int = 10_000) -> None:
        self._limit = limit
        self._max = max_sources
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, source: str) -> bool:
        with self._lock:
            bucket = self._buckets.get(source)
            if bucket is None:
                bucket = self._buckets[source] = TokenBucket(self._limit)
                while len(self._buckets) > self._max:
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(source)
        return bucket.take()


def _stage_settings(stage: str, cdk_json: Path) -> dict[str, Any]:
    stages = json.loads(cdk_json.read_text())["context"]["design-agent:stages"]
    return dict(stages.get(stage) or stages["dev"])


def stage_limit(stage: str, cdk_json: Path = CDK_JSON) -> Throttle:
    settings = _stage_settings(stage, cdk_json)
    return Throttle(rate_rps=float(settings["throttle_rate_rps"]), burst=int(settings["throttle_burst"]))


def user_limit_environment(stage: str, cdk_json: Path = CDK_JSON) -> dict[str, str]:
    """The per-user limit of the stage (``user_rate_rps``/``user_burst``) as the functions' environment, as CDK
    passes it; the functions apply it themselves (``design_agent.rate_limits``), so locally nothing else is
    needed."""
    settings = _stage_settings(stage, cdk_json)
    return {"USER_RATE_RPS": f"{float(settings.get('user_rate_rps', 0)):g}",
            "USER_BURST": str(int(settings.get("user_burst", 0)))}
