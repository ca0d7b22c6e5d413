"""The signing key set, read from Secrets Manager through Powertools Parameters (cached, max_age).

One store per secret and client factory *per process* (``key_store``): a warm function (and the local platform,
which runs every function in one process) fetches the key set once per ``max_age`` and registers Powertools'
user-agent hook on the shared Secrets Manager client once — not once per invocation (issue 16: a new provider per
invocation fetched the secret on every request and added one more hook to the process-wide client each time).

An access token naming a ``kid`` the cached set does not know may be a fresh rotation, so it forces a refetch —
but at most one per ``refresh_interval_s`` for the whole process, and a kid still unknown after a refetch is
remembered as a miss (a bounded LRU), so a flood of tokens with made-up kids costs no Secrets Manager calls.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import cache

from aws_lambda_powertools.utilities.parameters import SecretsProvider
from pydantic import ValidationError

from design_agent.clients import AwsClients, aws
from design_agent.tokens import KeySet, SigningKey

REFRESH_INTERVAL_S = 10.0  # at most one forced refetch (unknown kid) per this long, per process
MISS_TTL_S = 300.0  # a kid still unknown right after a refetch is not looked for again for this long
MAX_MISSES = 1024  # remembered unknown kids (least recently seen dropped first)


def parse_key_set(raw: str | bytes | None) -> KeySet:
    """The secret's value; anything that is not a key set (e.g. a freshly created secret) is empty."""
    if not raw:
        return KeySet()
    try:
        return KeySet.model_validate(json.loads(raw))
    except (ValueError, ValidationError):
        return KeySet()


class SecretKeyStore:
    def __init__(self, secret_id: str, *, max_age_s: int = 300, clients: AwsClients | None = None,
                 refresh_interval_s: float = REFRESH_INTERVAL_S, miss_ttl_s: float = MISS_TTL_S,
                 max_misses: int = MAX_MISSES, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._secret_id = secret_id
        self._max_age = max_age_s
        self._provider = SecretsProvider(boto3_client=(clients or aws()).client("secretsmanager"))
        self._refresh_interval = refresh_interval_s
        self._miss_ttl = miss_ttl_s
        self._max_misses = max_misses
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last_forced: float | None = None
        self._misses: OrderedDict[str, float] = OrderedDict()  # kid -> monotonic time until which it is a miss

    def load(self, force_refresh: bool = False) -> KeySet:
        # the stage is explicit: emulators may keep a stale default version after a rotation
        raw = self._provider.get(self._secret_id, max_age=self._max_age, force_fetch=force_refresh,
                                 VersionStage="AWSCURRENT")
        return parse_key_set(raw if isinstance(raw, str | bytes) else None)

    def key(self, kid: str) -> SigningKey | None:
        """The key of ``kid`` (a verifier's ``KeyResolver``): from the cached set, else from one refetch if none
        ran in the last ``refresh_interval_s``; None for a kid that is (still) unknown."""
        found = self.load().find(kid)
        if found is not None:
            return found
        now = self._monotonic()
        with self._lock:
            until = self._misses.get(kid)
            if until is not None and until > now:
                self._misses.move_to_end(kid)
                return None
            if self._last_forced is not None and now - self._last_forced < self._refresh_interval:
                # a refetch ran a moment ago: this kid may look again once the interval has passed
                self._remember_miss(kid, self._last_forced + self._refresh_interval)
                return None
            self._last_forced = now
        found = self.load(force_refresh=True).find(kid)
        if found is None:
            with self._lock:
                self._remember_miss(kid, now + self._miss_ttl)
        return found

    def _remember_miss(self, kid: str, until: float) -> None:
        self._misses[kid] = until
        self._misses.move_to_end(kid)
        while len(self._misses) > self._max_misses:
            self._misses.popitem(last=False)

    @property
    def remembered_misses(self) -> int:
        return len(self._misses)


@cache
def key_store(secret_id: str, clients: AwsClients, max_age_s: int) -> SecretKeyStore:
    """The process's store of ``secret_id`` for this client factory (a changed ``max_age_s`` setting gets its
    own): built on first use, then reused by every invocation of a warm function."""
    return SecretKeyStore(secret_id, max_age_s=max_age_s, clients=clients)
