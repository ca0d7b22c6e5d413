"""Attacks on access tokens and the keys that verify them: unknown ``kid`` floods, and the authorizer's key store
built once per process (issue 13, "unknown kid"; issue 16, "authorizer slowdown")."""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from design_agent import errors
from design_agent.contracts.auth import IssueSessionRequest
from design_agent.keystore import SecretKeyStore, key_store
from design_agent.tokens import issue_access_token, verify_access_token

from functions.auth.deps import AuthDeps
from functions.auth.logic import sessions
from functions.auth.service import SIGNING_KEYS
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.lambda_context import FakeContext

ISSUER = "design-agent"


class SecretsCalls:
    """Counts the real GetSecretValue requests a client sends (a botocore event hook, nothing mocked)."""

    def __init__(self, client: Any) -> None:
        self.count = 0
        client.meta.events.register("before-call.secrets-manager.GetSecretValue", self._seen)

    def _seen(self, **_: Any) -> None:
        self.count += 1


@pytest.fixture
def secrets_calls(sandbox: AwsSandbox) -> SecretsCalls:
    return SecretsCalls(sandbox.clients.client("secretsmanager"))


def _store(sandbox: AwsSandbox, now: list[float]) -> SecretKeyStore:
    return SecretKeyStore(SIGNING_KEYS.physical_name(STAGE), clients=sandbox.clients, monotonic=lambda: now[0])


def _forged_kid_token(store: SecretKeyStore) -> str:
    """A well-formed token signed by the real key but naming a kid nobody issued."""
    token, _ = issue_access_token(store.load(), subject="usr_x", role="user", session_id=None, ttl_s=300,
                                  issuer=ISSUER)
    import jwt

    payload = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(payload, store.load().current.private_pem, algorithm="ES256",  # type: ignore[arg-type]
                      headers={"kid": f"key_{uuid.uuid4().hex}"})


def test_a_flood_of_unknown_kids_costs_at_most_one_refetch_per_interval(sandbox: AwsSandbox,
                                                                       secrets_calls: SecretsCalls) -> None:
    now = [1000.0]
    store = _store(sandbox, now)
    store.load()
    before = secrets_calls.count
    for _ in range(300):
        with pytest.raises(errors.InvalidToken, match="unknown key"):
            verify_access_token(_forged_kid_token(store), store.key, issuer=ISSUER)
    assert secrets_calls.count - before == 1  # one refetch for the first unknown kid, none for the rest
    now[0] += 11  # past the refetch interval: the next new kid may refetch once more
    for _ in range(50):
        with pytest.raises(errors.InvalidToken):
            verify_access_token(_forged_kid_token(store), store.key, issuer=ISSUER)
    assert secrets_calls.count - before == 2


def test_a_repeated_unknown_kid_is_a_remembered_miss_and_the_memory_is_bounded(sandbox: AwsSandbox,
                                                                              secrets_calls: SecretsCalls) -> None:
    now = [1000.0]
    store = SecretKeyStore(SIGNING_KEYS.physical_name(STAGE), clients=sandbox.clients, monotonic=lambda: now[0],
                           refresh_interval_s=0, max_misses=8)
    store.load()
    before = secrets_calls.count
    token = _forged_kid_token(store)
    for _ in range(100):  # the same made-up kid, again and again: one refetch, then a remembered miss
        with pytest.raises(errors.InvalidToken):
            verify_access_token(token, store.key, issuer=ISSUER)
    assert secrets_calls.count - before == 1
    for _ in range(50):
        with pytest.raises(errors.InvalidToken):
            verify_access_token(_forged_kid_token(store), store.key, issuer=ISSUER)
    assert store.remembered_misses == 8


def test_a_fresh_rotation_is_still_found_with_one_refetch(sandbox: AwsSandbox, secrets_calls: SecretsCalls) -> None:
    from tests.unit.clock import FixedClock
    from tests.unit.test_auth_logic import rotate

    now = [1000.0]
    store = _store(sandbox, now)
    old = store.load()
    rotate(sandbox, FixedClock(datetime.now(UTC) + timedelta(minutes=1)), SIGNING_KEYS.physical_name(STAGE))
    fresh = SecretKeyStore(SIGNING_KEYS.physical_name(STAGE), clients=sandbox.clients).load()
    assert fresh.current.kid != old.current.kid
    token, _ = issue_access_token(fresh, subject="usr_1", role="user", session_id=None, ttl_s=300, issuer=ISSUER)
    before = secrets_calls.count
    assert verify_access_token(token, store.key, issuer=ISSUER).sub == "usr_1"  # not in the cached set: refetched
    assert verify_access_token(token, store.key, issuer=ISSUER).sub == "usr_1"  # now cached
    assert secrets_calls.count - before == 1


def _authorizer_event(token: str) -> dict[str, Any]:
    return {"type": "REQUEST", "headers": {"Authorization": f"Bearer {token}"},
            "methodArn": "arn:aws:execute-api:us-east-1:000000000000:api/unit/GET/api/v1/users/me",
            "requestContext": {"requestId": str(uuid.uuid4())}}


def test_5000_authorizer_invocations_in_one_process_fetch_the_keys_a_handful_of_times_and_do_not_slow_down(
        sandbox: AwsSandbox, secrets_calls: SecretsCalls) -> None:
    """Every tenth call carries a valid token (the whole path, with its revocation read); the others a forged
    signature, refused after the key lookup — the part that built a new store and fetched the secret per call."""
    from functions.auth.handlers import authorizer

    deps = AuthDeps.from_env()
    pair = sessions.issue_session(IssueSessionRequest(user_id="usr_soak", role="user"), deps)
    header, payload, signature = pair.access_token.split(".")
    valid = _authorizer_event(pair.access_token)
    forged = _authorizer_event(f"{header}.{payload}.{signature[:-6]}AAAAAA")
    before = secrets_calls.count
    sm = sandbox.clients.client("secretsmanager")
    hooks = _hooks(sm, "request-created.secrets-manager.GetSecretValue")
    took: list[float] = []
    for n in range(5000):
        started = time.perf_counter()
        if n % 10 == 0:
            assert authorizer.handler(valid, FakeContext())["principalId"] == "usr_soak"
        else:
            with pytest.raises(PermissionError):
                authorizer.handler(forged, FakeContext())
        took.append(time.perf_counter() - started)
    assert secrets_calls.count - before <= 3
    assert _hooks(sm, "request-created.secrets-manager.GetSecretValue") == hooks
    # one store for the process: the same object every invocation builds its dependencies from
    assert AuthDeps.from_env().keys is deps.keys is key_store(SIGNING_KEYS.physical_name(STAGE), sandbox.clients,
                                                              deps.settings.key_cache_s)
    first, last = statistics.median(took[:500]), statistics.median(took[-500:])
    assert last <= 2 * first, (first, last)  # late calls as fast as early ones (a generous margin for a busy host)


def test_websocket_connects_share_the_process_key_store(sandbox: AwsSandbox, secrets_calls: SecretsCalls) -> None:
    from functions.notifications.handlers import connect

    deps = AuthDeps.from_env()
    pair = sessions.issue_session(IssueSessionRequest(user_id="usr_ws", role="user"), deps)
    before = secrets_calls.count
    for n in range(300):
        event = {"requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": f"c{n}",
                                    "connectedAt": int(time.time() * 1000), "requestId": str(uuid.uuid4())},
                 "queryStringParameters": {"token": pair.access_token}}
        assert connect.handler(event, FakeContext())["statusCode"] == 200
    assert secrets_calls.count - before <= 2


def _hooks(client: Any, event: str) -> int:
    """Handlers a botocore client runs for ``event`` (Powertools adds one per provider or store built on it)."""
    return len(client.meta.events._emitter._handlers.prefix_search(event))


def test_idempotent_task_creates_add_no_hook_to_the_shared_dynamodb_client(sandbox: AwsSandbox,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The same class of leak in another service: the idempotency store was built per ``Idempotency-Key`` call."""
    from design_agent.contracts.users import QuotaChange, UsersClient

    from functions.tasks.deps import TasksDeps
    from functions.tasks.logic.idempotency import create_once
    from functions.tasks.models.api import CreateTaskRequest
    from functions.users.deps import UsersDeps
    from functions.users.logic.accounts import register
    from functions.users.models.api import RegisterRequest

    monkeypatch.setenv("QUOTA_TASKS_USER", "100")
    user = register(RegisterRequest(email="hooks@example.com", username="hooks", password="12345678"),
                    UsersDeps.from_env()).id
    UsersClient(STAGE).consume_quota(QuotaChange(user_id=user, resource="tasks", amount=1, idempotency_key="warm"))
    deps = TasksDeps.from_env()
    request = CreateTaskRequest.model_validate({"type": "poster.generate", "params": {"prompt": "hooks"}})
    client = sandbox.clients.dynamodb()
    create_once(user, "key-0", request, deps)
    hooks = _hooks(client, "request-created.dynamodb.PutItem")
    for n in range(1, 20):
        create_once(user, f"key-{n}", request, TasksDeps.from_env())
    assert _hooks(client, "request-created.dynamodb.PutItem") == hooks
