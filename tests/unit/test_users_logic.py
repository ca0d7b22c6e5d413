"""User service logic against DynamoDB (moto, in-process): accounts, quota, login throttling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from design_agent import errors
from design_agent.api import Principal
from design_agent.contracts.auth import SyncUserRequest, SyncUserResult, TokenPair
from design_agent.contracts.notifications import NotificationsClient
from design_agent.contracts.users import QuotaChange
from design_agent.settings import Settings

from functions.users.dal.repository import UsersRepository
from functions.users.deps import UsersDeps
from functions.users.logic import accounts, quota
from functions.users.logic.passwords import Passwords
from functions.users.models.api import LoginRequest, RegisterRequest, UpdateUserRequest
from functions.users.service import USERS_TABLE
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.clock import FixedClock


class RecordingAuth:
    """Stands in for the Auth service's internal operations (another service, not our logic)."""

    def __init__(self) -> None:
        self.synced: list[SyncUserRequest] = []
        self.sessions = 0

    def issue_session(self, request: object) -> TokenPair:
        self.sessions += 1
        return TokenPair(access_token="a", refresh_token="r", expires_in=900, session_id="ses_x",
                         access_expires_at=datetime(2030, 1, 1, tzinfo=UTC))

    def sync_user(self, request: SyncUserRequest) -> SyncUserResult:
        self.synced.append(request)
        return SyncUserResult(user_id=request.user_id)




@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock) -> UsersDeps:
    settings = Settings.from_env({USERS_TABLE.env_var: sandbox.table_name(USERS_TABLE), "LOGIN_MAX_FAILURES": "3",
                                  "LOGIN_IP_MAX_FAILURES": "5"})
    from argon2 import PasswordHasher

    fast = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return UsersDeps(settings=settings, repo=UsersRepository(settings.table(USERS_TABLE), sandbox.clients),
                     auth=RecordingAuth(), notifications=NotificationsClient(STAGE, sandbox.clients),
                     passwords=fast, clock=clock)  # type: ignore[arg-type]


def _register(deps: UsersDeps, name: str = "alice") -> str:
    user = accounts.register(RegisterRequest(email=f"{name}@Example.com", username=name, password="correct horse"),
                             deps)
    return user.id


def _me(user_id: str, role: str = "user") -> Principal:
    return Principal(subject=user_id, role=role)


def test_register_normalises_email_and_rejects_duplicates(deps: UsersDeps) -> None:
    uid = _register(deps)
    assert deps.repo.get(uid).email == "alice@example.com"  # type: ignore[union-attr]
    with pytest.raises(errors.AlreadyExists, match="email"):
        accounts.register(RegisterRequest(email="ALICE@example.com", username="other", password="12345678"), deps)
    with pytest.raises(errors.AlreadyExists, match="username"):
        accounts.register(RegisterRequest(email="b@example.com", username="alice", password="12345678"), deps)


def test_login_with_right_and_wrong_password(deps: UsersDeps) -> None:
    _register(deps)
    result = accounts.login(LoginRequest(email="alice@example.com", password="correct horse"), "1.1.1.1", None, deps)
    assert result.user.username == "alice"
    with pytest.raises(errors.InvalidCredentials):
        accounts.login(LoginRequest(email="alice@example.com", password="wrong"), "1.1.1.1", None, deps)
    with pytest.raises(errors.InvalidCredentials):
        accounts.login(LoginRequest(email="nobody@example.com", password="wrong"), "1.1.1.1", None, deps)


def test_failures_lock_that_email_from_that_source_with_retry_after(deps: UsersDeps, clock: FixedClock) -> None:
    _register(deps)
    bad = LoginRequest(email="alice@example.com", password="wrong")
    for _ in range(3):
        with pytest.raises(errors.InvalidCredentials):
            accounts.login(bad, "2.2.2.2", None, deps)
    with pytest.raises(errors.TooManyRequests) as locked:
        accounts.login(LoginRequest(email="alice@example.com", password="correct horse"), "2.2.2.2", None, deps)
    assert 0 < locked.value.retry_after_s <= deps.settings.login_lockout_s
    clock.now = clock.now.replace(hour=13)  # after the lockout
    assert accounts.login(LoginRequest(email="alice@example.com", password="correct horse"), "2.2.2.2", None, deps)


def test_failures_from_one_ip_across_emails_lock_the_ip(deps: UsersDeps) -> None:
    for i in range(5):
        with pytest.raises(errors.InvalidCredentials):
            accounts.login(LoginRequest(email=f"u{i}@example.com", password="x"), "6.6.6.6", None, deps)
    with pytest.raises(errors.TooManyRequests):
        accounts.login(LoginRequest(email="fresh@example.com", password="x"), "6.6.6.6", None, deps)


def test_blocked_user_cannot_log_in(deps: UsersDeps) -> None:
    uid = _register(deps)
    admin = _me("usr_admin", "admin")
    accounts.set_status(uid, "blocked", admin, deps)
    assert deps.auth.synced[-1].status == "blocked"  # type: ignore[attr-defined]
    with pytest.raises(errors.AccountBlocked):
        accounts.login(LoginRequest(email="alice@example.com", password="correct horse"), "1.1.1.1", None, deps)


def test_other_users_are_404_and_role_changes_need_admin(deps: UsersDeps) -> None:
    alice, bob = _register(deps), _register(deps, "bob")
    with pytest.raises(errors.NotFound):
        accounts.get_visible(bob, _me(alice), deps)
    assert accounts.get_visible("me", _me(alice), deps).id == alice
    with pytest.raises(errors.Forbidden):
        accounts.update(alice, UpdateUserRequest(role="admin"), _me(alice), deps)
    updated = accounts.update(alice, UpdateUserRequest(role="vip", username="alice2"), _me("usr_a", "admin"), deps)
    vip_tasks = deps.settings.quota_limits("vip")[0]
    assert (updated.role, updated.username, updated.quota.tasks_limit) == ("vip", "alice2", vip_tasks)
    with pytest.raises(errors.AlreadyExists):
        accounts.update(bob, UpdateUserRequest(username="ALICE2"), _me(bob), deps)


def _change(uid: str, key: str, amount: int = 1, resource: str = "tasks") -> QuotaChange:
    return QuotaChange(user_id=uid, resource=resource, amount=amount, idempotency_key=key)  # type: ignore[arg-type]


def test_quota_consume_is_idempotent_and_bounded(deps: UsersDeps) -> None:
    uid = _register(deps)
    limit = deps.settings.quota_limits("user")[0]
    for i in range(limit):
        assert quota.change(_change(uid, f"t{i}"), "consume", deps).applied
    again = quota.change(_change(uid, "t0"), "consume", deps)
    assert (again.applied, again.used) == (False, limit)
    with pytest.raises(errors.QuotaExceeded):
        quota.change(_change(uid, "one-too-many"), "consume", deps)
    refunded = quota.change(_change(uid, "t3"), "refund", deps)
    assert (refunded.applied, refunded.used) == (True, limit - 1)
    assert not quota.change(_change(uid, "t3"), "refund", deps).applied
    assert quota.change(_change(uid, "after-refund"), "consume", deps).used == limit


def test_task_quota_resets_lazily_in_a_new_month(deps: UsersDeps, clock: FixedClock) -> None:
    uid = _register(deps)
    quota.change(_change(uid, "nov", amount=5), "consume", deps)
    clock.now = datetime(2026, 12, 1, 0, 0, 1, tzinfo=UTC)
    assert accounts.to_out(deps.repo.get(uid), deps).quota.used_tasks == 0  # type: ignore[arg-type]
    state = quota.change(_change(uid, "dec"), "consume", deps)
    assert (state.used, state.period) == (1, "2026-12")
    assert not quota.change(_change(uid, "nov", amount=5), "refund", deps).applied  # a past month's charge


def test_storage_quota_counts_bytes(deps: UsersDeps) -> None:
    uid = _register(deps)
    limit = deps.settings.quota_limits("user")[1]
    quota.change(_change(uid, "f1", limit - 10, "storage"), "consume", deps)
    with pytest.raises(errors.QuotaExceeded):
        quota.change(_change(uid, "f2", 11, "storage"), "consume", deps)
    assert quota.change(_change(uid, "f3", 10, "storage"), "consume", deps).remaining == 0


def test_quota_for_unknown_user_is_404(deps: UsersDeps) -> None:
    with pytest.raises(errors.NotFound):
        quota.change(_change("usr_nobody", "k"), "consume", deps)


def test_refund_without_a_matching_charge_changes_nothing(deps: UsersDeps) -> None:
    uid = _register(deps)
    quota.change(_change(uid, "paid", amount=2), "consume", deps)
    assert not quota.change(_change(uid, "never-charged"), "refund", deps).applied
    assert not quota.change(_change(uid, "paid", amount=1), "refund", deps).applied  # amount must match
    assert quota.change(_change(uid, "paid", amount=2), "refund", deps).used == 0
