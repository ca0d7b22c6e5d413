"""Attacks on sessions and their revocation: tokens issued around a revocation, refresh-token replays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from design_agent import errors
from design_agent.contracts.auth import IssueSessionRequest, SyncUserRequest
from design_agent.contracts.notifications import NotificationsClient
from design_agent.keystore import SecretKeyStore
from design_agent.revocations import RevocationStore
from design_agent.settings import Settings
from design_agent.tokens import AccessClaims, verify_access_token

from functions.auth.dal.repository import AuthRepository
from functions.auth.deps import AuthDeps
from functions.auth.logic import clients, sessions
from functions.auth.service import AUTH_TABLE, SIGNING_KEYS
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    # in the middle of a second: a revocation in whole seconds (set a second ahead) refused what follows it
    return FixedClock(datetime.now(UTC).replace(microsecond=400_000))


@pytest.fixture
def deps(sandbox: AwsSandbox, clock: FixedClock) -> AuthDeps:
    table = sandbox.table_name(AUTH_TABLE)
    settings = Settings.from_env({AUTH_TABLE.env_var: table, "REFRESH_REUSE_GRACE_S": "10"})
    return AuthDeps(settings=settings, repo=AuthRepository(table, sandbox.clients),
                    keys=SecretKeyStore(SIGNING_KEYS.physical_name(STAGE), clients=sandbox.clients),
                    revocations=RevocationStore(table, sandbox.clients),
                    notifications=NotificationsClient(STAGE, sandbox.clients), clock=clock)


def _active(deps: AuthDeps, token: str) -> AccessClaims:
    claims = verify_access_token(token, deps.keys.key, issuer=deps.settings.token_issuer)
    deps.revocations.ensure_active(claims)
    return claims


def _login(deps: AuthDeps, user: str = "usr_a", role: str = "user") -> str:
    return sessions.issue_session(IssueSessionRequest(user_id=user, role=role), deps).access_token


@pytest.mark.parametrize("change", [
    SyncUserRequest(user_id="usr_a", role="vip", status="active", revoke_tokens=True),  # a role change
    SyncUserRequest(user_id="usr_a", role="user", status="blocked"),  # a block (then an unblock)
])
def test_a_token_issued_a_millisecond_after_a_revocation_is_good_and_one_before_it_is_not(
        deps: AuthDeps, clock: FixedClock, change: SyncUserRequest) -> None:
    before = _login(deps)
    clock.now += timedelta(milliseconds=1)
    sessions.sync_user(change, deps)
    if change.status == "blocked":
        sessions.sync_user(SyncUserRequest(user_id="usr_a", role="user", status="active"), deps)
    with pytest.raises(errors.InvalidToken):
        _active(deps, before)
    clock.now += timedelta(milliseconds=1)  # the next login, at once
    assert _active(deps, _login(deps, role=change.role)).sub == "usr_a"


def test_the_same_holds_twenty_times_in_a_row(deps: AuthDeps, clock: FixedClock) -> None:
    for n in range(20):
        role = ("vip", "user")[n % 2]
        sessions.sync_user(SyncUserRequest(user_id="usr_a", role=role, status="active", revoke_tokens=True), deps)
        clock.now += timedelta(milliseconds=3)
        assert _active(deps, _login(deps, role=role)).role == role


def test_a_disabled_machine_client_token_is_refused_and_a_new_clients_token_is_not(deps: AuthDeps,
                                                                                   clock: FixedClock) -> None:
    from design_agent.contracts.auth import RegisterClientRequest

    from functions.auth.models.api import ClientCredentials

    made = clients.register_client(RegisterClientRequest(name="w1"), deps)
    credentials = ClientCredentials(grant_type="client_credentials", client_id=made.client_id,
                                    client_secret=made.client_secret)
    token = clients.issue_client_token(credentials, deps).access_token
    clock.now += timedelta(milliseconds=1)
    clients.disable_client(made.client_id, deps)
    with pytest.raises(errors.InvalidToken):
        _active(deps, token)


# --- refresh-token replays -----------------------------------------------------------------------------------
def _pair(deps: AuthDeps) -> tuple[str, str]:
    pair = sessions.issue_session(IssueSessionRequest(user_id="usr_r", role="user"), deps)
    return pair.access_token, pair.refresh_token


def test_a_replay_inside_the_grace_window_gives_back_the_same_successor(deps: AuthDeps, clock: FixedClock) -> None:
    _, token = _pair(deps)
    first = sessions.refresh(token, deps)
    clock.now += timedelta(seconds=3)
    again = sessions.refresh(token, deps)
    assert again.refresh_token == first.refresh_token  # idempotent: no second live chain
    assert again.access_token != first.access_token  # (a fresh access token of the same session)
    assert _active(deps, again.access_token).sid == first.session_id
    # the chain goes on from the one successor, once
    following = sessions.refresh(first.refresh_token, deps)
    assert following.refresh_token not in (token, first.refresh_token)
    clock.now += timedelta(seconds=30)  # outside the window, the first token is theft: the family dies
    with pytest.raises(errors.InvalidToken, match="revoked"):
        sessions.refresh(token, deps)
    with pytest.raises(errors.InvalidToken):
        sessions.refresh(following.refresh_token, deps)


def test_parallel_refreshes_of_one_token_all_get_the_same_successor(deps: AuthDeps) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _, token = _pair(deps)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: sessions.refresh(token, deps).refresh_token, range(6)))
    assert len(set(answers)) == 1
    assert sessions.refresh(answers[0], deps).session_id  # the one chain is alive


def test_a_stolen_table_row_does_not_reveal_the_successor(deps: AuthDeps, sandbox: AwsSandbox) -> None:
    from functions.auth.logic import successors
    from functions.auth.logic.sessions import hash_refresh_token

    _, token = _pair(deps)
    successor = sessions.refresh(token, deps).refresh_token
    record = deps.repo.get_refresh(hash_refresh_token(token))
    assert record is not None
    assert record.successor
    assert successor not in record.successor
    assert successors.open_sealed("rt_" + "x" * 43, record.successor, record.session_id) is None
    assert successors.open_sealed(token, record.successor, "ses_other") is None
    assert successors.open_sealed(token, record.successor, record.session_id) == successor
