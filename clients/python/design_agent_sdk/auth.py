"""Tokens that renew themselves: a user session (the refresh token rotates on every use) or a machine client
(the client-credentials grant), behind an httpx ``Auth`` that signs every request and, on a 401 or an access
token about to expire, renews once and repeats the request.

Never two renewals at once: the server keeps one refresh token per session and treats a second use of a used
one as theft (the whole session is revoked). Renewals run one at a time under a lock of the token store (a
thread lock; the CLI's file store adds a lock on the file, so two commands of the same profile take turns),
and a caller that waited for the lock first looks whether the tokens it found stale were renewed meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any, NoReturn, Protocol

import httpx

from design_agent_sdk.errors import SessionExpired, Unauthorized
from design_agent_sdk.openapi.api.auth import issue_client_token, refresh
from design_agent_sdk.openapi.client import Client
from design_agent_sdk.openapi.models import (
    ClientToken,
    IssueClientTokenJsonClientCredentials,
    RefreshRequest,
    TokenPair,
)
from design_agent_sdk.responses import expect

RENEW_MARGIN_S = 30.0  # renew this long before the access token expires (at most half its lifetime)


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_at: float | None = None  # wall-clock seconds, from the answer's expires_in when it arrived
    refresh_token: str | None = None  # a user session's; a machine client has none
    session_id: str | None = None
    lifetime_s: float | None = None

    def expiring(self, now: float, margin_s: float = RENEW_MARGIN_S) -> bool:
        if self.expires_at is None:
            return False
        margin = min(margin_s, (self.lifetime_s or 2 * margin_s) / 2)
        return now >= self.expires_at - margin

    @classmethod
    def of_pair(cls, pair: TokenPair, now: float) -> Tokens:
        return cls(access_token=pair.access_token, refresh_token=pair.refresh_token, session_id=pair.session_id,
                   expires_at=now + pair.expires_in, lifetime_s=float(pair.expires_in))

    @classmethod
    def of_client_token(cls, token: ClientToken, now: float) -> Tokens:
        return cls(access_token=token.access_token, expires_at=now + token.expires_in,
                   lifetime_s=float(token.expires_in))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tokens:
        def number(key: str) -> float | None:
            return float(data[key]) if data.get(key) is not None else None

        return cls(access_token=str(data["access_token"]), expires_at=number("expires_at"),
                   refresh_token=data.get("refresh_token"), session_id=data.get("session_id"),
                   lifetime_s=number("lifetime_s"))


class TokenStore(Protocol):
    """Where the current tokens live (memory, the CLI's profile file, a web app's storage...)."""

    def load(self) -> Tokens | None: ...

    def save(self, tokens: Tokens | None) -> None: ...

    def exclusive(self) -> AbstractContextManager[object]:
        """Held from reading the tokens to saving the renewed ones: one renewal at a time."""
        ...


class MemoryTokenStore:
    def __init__(self, tokens: Tokens | None = None) -> None:
        self._tokens = tokens
        self._lock = threading.RLock()

    def load(self) -> Tokens | None:
        return self._tokens

    def save(self, tokens: Tokens | None) -> None:
        self._tokens = tokens

    def exclusive(self) -> AbstractContextManager[object]:
        return self._lock


Grant = Callable[[Tokens | None], Tokens]
"""How new tokens are had, given the current ones (None: there are none)."""


class RefreshTokenGrant:
    """A user session's renewal: the refresh token is exchanged for a new pair (and is used up)."""

    def __init__(self, public: Client, clock: Callable[[], float] = time.time) -> None:
        self._public, self._clock = public, clock

    def __call__(self, current: Tokens | None) -> Tokens:
        if current is None or not current.refresh_token:
            raise SessionExpired(401, "not-signed-in", "Not signed in", "Sign in first")
        try:
            pair = expect(refresh.sync_detailed(client=self._public,
                                                body=RefreshRequest(refresh_token=current.refresh_token)))
        except Unauthorized as exc:  # revoked, signed out, expired, or used twice: the session is over
            raise SessionExpired(exc.status, exc.code, exc.title, exc.detail, request_id=exc.request_id,
                                 problem=exc.problem) from exc
        return Tokens.of_pair(pair, self._clock())


class ClientCredentialsGrant:
    """A machine client's renewal: a new token for its id and secret (nothing to rotate)."""

    def __init__(self, public: Client, client_id: str, client_secret: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._public, self._clock = public, clock
        self._body = IssueClientTokenJsonClientCredentials(grant_type="client_credentials", client_id=client_id,
                                                           client_secret=client_secret)

    def __call__(self, current: Tokens | None) -> Tokens:
        token = expect(issue_client_token.sync_detailed(client=self._public, body=self._body))
        return Tokens.of_client_token(token, self._clock())


class TokenAuth(httpx.Auth):
    """Signs each request with the current access token; renews before expiry and once on a 401."""

    def __init__(self, store: TokenStore, grant: Grant, *, clock: Callable[[], float] = time.time,
                 margin_s: float = RENEW_MARGIN_S) -> None:
        self.store, self._grant, self._clock, self._margin = store, grant, clock, margin_s
        self._lock = threading.Lock()
        self.renewals = 0  # how many times new tokens were fetched (tests and the CLI's --verbose read it)

    def current(self) -> Tokens:
        """Tokens good for a request now: renewed first when there are none or they are about to expire."""
        tokens = self.store.load()
        if tokens is None or tokens.expiring(self._clock(), self._margin):
            return self.renew(stale=tokens)
        return tokens

    def renew(self, stale: Tokens | None) -> Tokens:
        """New tokens in place of ``stale`` — unless someone renewed them while this caller waited its turn."""
        with self._lock, self.store.exclusive():
            latest = self.store.load()
            if latest is not None and latest != stale and not latest.expiring(self._clock(), self._margin):
                return latest
            fresh = self._grant(latest)
            self.store.save(fresh)
            self.renewals += 1
            return fresh

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        tokens = self.current()
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        response = yield request
        if response.status_code == 401:
            tokens = self.renew(stale=tokens)
            request.headers["Authorization"] = f"Bearer {tokens.access_token}"
            yield request

    def async_auth_flow(self, request: httpx.Request) -> NoReturn:
        raise NotImplementedError("design_agent_sdk is synchronous")
