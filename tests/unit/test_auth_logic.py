"""Auth logic against DynamoDB and Secrets Manager (moto): rotation, refresh families, revocation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from design_agent import errors
from design_agent.contracts.auth import IssueSessionRequest, SyncUserRequest
from design_agent.contracts.notifications import NotificationsClient
from design_agent.keystore import SecretKeyStore, parse_key_set
from design_agent.revocations import RevocationStore
from design_agent.settings import Settings
from design_agent.tokens import AccessClaims, verify_access_token

from functions.auth.dal.repository import AuthRepository
from functions.auth.deps import AuthDeps
from functions.auth.logic import sessions
from functions.auth.logic.keys import KeyRotation
from functions.auth.service import AUTH_TABLE, SIGNING_KEYS
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.clock import FixedClock


def rotate(sandbox: AwsSandbox, clock: FixedClock, secret_id: str) -> None:
    """Drive the rotation function through its four steps, as Secrets Manager does."""
    sm = sandbox.clients.client("secretsmanager")
    token = str(uuid.uuid4())
    rotation = KeyRotation(sm, clock, overlap_s=3600, issuer="design-agent")
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret", "finishSecret"):
        rotation.run(secret_id, token, step)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock) -> AuthDeps:
    secret_id = SIGNING_KEYS.physical_name(STAGE)  # created and rotated once by the sandbox, as on start-up
    table = sandbox.table_name(AUTH_TABLE)
    settings = Settings.from_env({AUTH_TABLE.env_var: table, "REFRESH_REUSE_GRACE_S": "5"})
    return AuthDeps(settings=settings, repo=AuthRepository(table, sandbox.clients),
                    keys=SecretKeyStore(secret_id, max_age_s=0, clients=sandbox.clients),
                    revocations=RevocationStore(table, sandbox.clients),
                    notifications=NotificationsClient(STAGE, sandbox.clients), clock=clock)


def _claims(deps: AuthDeps, token: str) -> AccessClaims:
    claims = verify_access_token(token, deps.keys.key, issuer="design-agent")
    deps.revocations.ensure_active(claims)
    return claims


def _login(deps: AuthDeps, user: str = "usr_a") -> tuple[str, str]:
    pair = sessions.issue_session(IssueSessionRequest(user_id=user, role="user"), deps)
    return pair.access_token, pair.refresh_token


def test_rotation_produces_a_verifiable_key_set_and_keeps_the_previous_key(sandbox: AwsSandbox, deps: AuthDeps,
                                                                           clock: FixedClock) -> None:
    access, _ = _login(deps)
    first = deps.keys.load().current.kid
    clock.now += timedelta(minutes=10)
    rotate(sandbox, clock, SIGNING_KEYS.physical_name(STAGE))
    keys = deps.keys.load(True)
    assert keys.current.kid != first
    assert keys.find(first) is not None
    assert _claims(deps, access).sub == "usr_a"  # issued before the rotation, still valid in the overlap
    assert parse_key_set("garbage").keys == []


def test_refresh_rotates_and_reuse_revokes_the_family(deps: AuthDeps, clock: FixedClock) -> None:
    access, refresh = _login(deps)
    second = sessions.refresh(refresh, deps)
    assert second.refresh_token != refresh
    assert _claims(deps, second.access_token).sid == _claims(deps, access).sid
    clock.now += timedelta(seconds=30)  # past the grace window: the old token is stolen
    with pytest.raises(errors.InvalidToken, match="already used"):
        sessions.refresh(refresh, deps)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh(second.refresh_token, deps)  # the whole family is dead
    with pytest.raises(errors.InvalidToken, match="session"):
        _claims(deps, second.access_token)


def test_a_replay_within_grace_gets_the_same_successor_without_revoking(deps: AuthDeps, clock: FixedClock) -> None:
    _, refresh = _login(deps)
    first = sessions.refresh(refresh, deps)
    clock.now += timedelta(seconds=2)
    second = sessions.refresh(refresh, deps)
    assert first.refresh_token == second.refresh_token  # one chain (tests/unit/security/test_sessions.py)
    assert sessions.refresh(first.refresh_token, deps).session_id == first.session_id


def test_logout_revokes_session_and_access_token(deps: AuthDeps) -> None:
    access, refresh = _login(deps)
    claims = _claims(deps, access)
    sessions.logout(claims, deps)
    with pytest.raises(errors.InvalidToken, match="revoked"):
        _claims(deps, access)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh(refresh, deps)


def test_sessions_are_listed_and_revocable_only_by_their_owner(deps: AuthDeps) -> None:
    a1, _ = _login(deps)
    a2, _ = _login(deps)
    _login(deps, "usr_b")
    sid1 = _claims(deps, a1).sid
    listed = sessions.list_sessions("usr_a", sid1, deps)
    assert len(listed) == 2
    assert sum(s.current for s in listed) == 1
    with pytest.raises(errors.NotFound):
        sessions.revoke_session("usr_b", sid1, deps)  # type: ignore[arg-type]
    sessions.revoke_session("usr_a", sid1, deps)  # type: ignore[arg-type]
    assert [s.session_id for s in sessions.list_sessions("usr_a", None, deps)] == [_claims(deps, a2).sid]


def test_blocking_stops_every_token_and_refresh(deps: AuthDeps) -> None:
    access, refresh = _login(deps)
    result = sessions.sync_user(SyncUserRequest(user_id="usr_a", role="user", status="blocked"), deps)
    assert result.sessions_revoked == 1
    with pytest.raises(errors.InvalidToken):
        _claims(deps, access)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh(refresh, deps)


def test_unknown_or_expired_refresh_tokens_are_refused(deps: AuthDeps, clock: FixedClock) -> None:
    _, refresh = _login(deps)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh("rt_" + "x" * 40, deps)
    clock.now += timedelta(days=31)
    with pytest.raises(errors.InvalidToken, match="expired"):
        sessions.refresh(refresh, deps)
