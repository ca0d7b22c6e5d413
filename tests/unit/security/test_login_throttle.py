"""Attacks on login: guessing one account from one place, from many places, and spraying many accounts — none of
which may lock an owner out of their own account (issue 13, "five wrong passwords")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from design_agent import errors
from design_agent.contracts.notifications import NotificationsClient
from design_agent.settings import Settings

from functions.users.dal.repository import UsersRepository
from functions.users.deps import UsersDeps
from functions.users.logic import accounts
from functions.users.logic.passwords import Passwords
from functions.users.models.api import LoginRequest, RegisterRequest
from functions.users.service import USERS_TABLE
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.clock import FixedClock
from tests.unit.test_users_logic import RecordingAuth

OWNER, STRANGER = "203.0.113.10", "198.51.100.66"
PAIR_LIMIT, EMAIL_LIMIT, BASE_S = 3, 6, 30


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock) -> UsersDeps:
    settings = Settings.from_env({USERS_TABLE.env_var: sandbox.table_name(USERS_TABLE),
                                  "LOGIN_MAX_FAILURES": str(PAIR_LIMIT), "LOGIN_IP_MAX_FAILURES": "20",
                                  "LOGIN_EMAIL_MAX_FAILURES": str(EMAIL_LIMIT),
                                  "LOGIN_EMAIL_LOCK_BASE_S": str(BASE_S)})
    fast = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    deps = UsersDeps(settings=settings, repo=UsersRepository(settings.table(USERS_TABLE), sandbox.clients),
                     auth=RecordingAuth(), notifications=NotificationsClient(STAGE, sandbox.clients),
                     passwords=fast, clock=clock)  # type: ignore[arg-type]
    accounts.register(RegisterRequest(email="owner@example.com", username="owner", password="correct horse"), deps)
    return deps


def _login(deps: UsersDeps, ip: str, password: str = "correct horse", email: str = "owner@example.com") -> object:
    return accounts.login(LoginRequest(email=email, password=password), ip, None, deps)


def _fail(deps: UsersDeps, ip: str, times: int = 1, email: str = "owner@example.com") -> None:
    for _ in range(times):
        with pytest.raises(errors.InvalidCredentials):
            _login(deps, ip, "wrong guess", email)


def test_a_strangers_wrong_passwords_lock_the_stranger_not_the_owner(deps: UsersDeps) -> None:
    _fail(deps, STRANGER, PAIR_LIMIT)
    with pytest.raises(errors.TooManyRequests) as locked:  # the stranger, even with the right password
        _login(deps, STRANGER)
    assert locked.value.retry_after_s == deps.settings.login_lockout_s
    assert _login(deps, OWNER)  # the owner, from anywhere else, at once (the old throttle answered 429)


def test_many_sources_slow_the_email_down_progressively_but_never_for_a_source_it_knows(
        deps: UsersDeps, clock: FixedClock) -> None:
    _login(deps, OWNER)  # the owner's usual place becomes a known source
    for n in range(EMAIL_LIMIT):  # a distributed guess: each source below the pair limit
        _fail(deps, f"198.51.100.{n}", 1)
    with pytest.raises(errors.TooManyRequests) as first:  # a new source waits the first step
        _login(deps, "192.0.2.1")
    assert first.value.retry_after_s == BASE_S
    assert _login(deps, OWNER)  # ... while the owner's known source is not slowed at all
    clock.now += timedelta(seconds=BASE_S)
    _fail(deps, "198.51.100.200", 1)  # one more failure past the limit doubles the step
    with pytest.raises(errors.TooManyRequests) as second:
        _login(deps, "192.0.2.1")
    assert second.value.retry_after_s == 2 * BASE_S
    clock.now += timedelta(seconds=2 * BASE_S)
    assert _login(deps, "192.0.2.1")  # the owner from a new place gets in once the step has passed


def test_the_email_lock_never_exceeds_the_lockout(deps: UsersDeps) -> None:
    from functions.users.logic.throttle import LoginThrottle

    throttle = LoginThrottle(deps.repo, deps.settings)
    steps = [throttle.email_lock_s(over) for over in range(12)]
    assert steps[:4] == [BASE_S, 2 * BASE_S, 4 * BASE_S, 8 * BASE_S]
    assert max(steps) == deps.settings.login_lockout_s


def test_spraying_many_emails_from_one_source_locks_the_source(deps: UsersDeps) -> None:
    for n in range(20):
        _fail(deps, STRANGER, 1, email=f"user{n}@example.com")
    with pytest.raises(errors.TooManyRequests):
        _login(deps, STRANGER)
    assert _login(deps, OWNER)


def test_an_unknown_email_is_throttled_exactly_like_a_known_one(deps: UsersDeps) -> None:
    _fail(deps, STRANGER, PAIR_LIMIT, email="nobody@example.com")
    with pytest.raises(errors.TooManyRequests) as locked:
        _login(deps, STRANGER, email="nobody@example.com")
    assert locked.value.retry_after_s == deps.settings.login_lockout_s


def test_a_success_clears_the_pairs_failures(deps: UsersDeps) -> None:
    _fail(deps, OWNER, PAIR_LIMIT - 1)
    assert _login(deps, OWNER)
    _fail(deps, OWNER, PAIR_LIMIT - 1)  # counted from zero again: not locked
    assert _login(deps, OWNER)
