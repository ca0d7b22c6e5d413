"""DynamoDB requests made by each operation, counted at the botocore layer (moto, in-process).

The same measurement backs ``tests/unit/test_request_counts.py``, which pins the counts.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from design_agent.api import Principal
from design_agent.clients import AwsClients
from design_agent.clock import utcnow
from design_agent.contracts.auth import AuthClient, IssueSessionRequest, SyncUserRequest, SyncUserResult, TokenPair
from design_agent.contracts.notifications import CloseConnectionsRequest, CloseConnectionsResult, NotificationsClient
from design_agent.contracts.users import QuotaChange
from design_agent.keystore import SecretKeyStore
from design_agent.revocations import RevocationStore
from design_agent.settings import Settings
from design_agent.tokens import verify_access_token

STAGE = "bench"


class DynamoCounter:
    """Counts DynamoDB API calls (by operation name) made through one ``AwsClients`` (both its clients)."""

    def __init__(self, clients: AwsClients) -> None:
        self.calls: Counter[str] = Counter()
        for client in (clients.dynamodb(), clients.hot_path("dynamodb")):
            client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def recorder(self, into: dict[str, Counter[str]]) -> Callable[[str, Callable[[], Any]], Any]:
        """``run(name, fn)``: call ``fn`` and file its DynamoDB calls under ``name``."""

        def run(name: str, fn: Callable[[], Any]) -> Any:
            with self.measure() as calls:
                result = fn()
            into[name] = calls
            return result

        return run

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        before = self.calls.copy()
        window: Counter[str] = Counter()
        yield window
        window.update(self.calls - before)


@dataclass
class Platform:
    """The User and Auth services wired in-process (Auth called directly instead of over lambda.invoke)."""

    clients: AwsClients
    counter: DynamoCounter
    users: Any
    auth: Any


class _DirectAuth(AuthClient):
    def __init__(self, deps: Any) -> None:
        self._deps = deps

    def issue_session(self, request: IssueSessionRequest) -> TokenPair:
        from functions.auth.logic.sessions import issue_session

        return issue_session(request, self._deps)

    def sync_user(self, request: SyncUserRequest) -> SyncUserResult:
        from functions.auth.logic.sessions import sync_user

        return sync_user(request, self._deps)


class _DirectNotifications(NotificationsClient):
    """The Notification service's CloseConnections, called in-process on its own connections table."""

    def __init__(self, settings: Settings, clients: AwsClients) -> None:
        from design_agent.contracts.users import UsersClient

        from functions.notifications.dal.connections import ConnectionsRepository
        from functions.notifications.dal.inbox import InboxRepository
        from functions.notifications.deps import NotificationsDeps
        from functions.notifications.service import CONNECTIONS_TABLE, INBOX_TABLE

        self._deps = NotificationsDeps(
            settings=settings, connections=ConnectionsRepository(CONNECTIONS_TABLE.physical_name(STAGE), clients),
            inbox=InboxRepository(INBOX_TABLE.physical_name(STAGE), clients), users=UsersClient(STAGE, clients),
            clients=clients)

    def close_connections(self, request: CloseConnectionsRequest) -> CloseConnectionsResult:
        from functions.notifications.logic.realtime import close_revoked

        return close_revoked(request, self._deps)


def build(clients: AwsClients) -> Platform:
    from argon2 import PasswordHasher

    from functions.auth.dal.repository import AuthRepository
    from functions.auth.deps import AuthDeps
    from functions.auth.logic.keys import KeyRotation
    from functions.auth.service import AUTH_TABLE, SIGNING_KEYS
    from functions.designs.service import DESIGNS_TABLE
    from functions.notifications.service import CONNECTIONS_TABLE
    from functions.users.dal.repository import UsersRepository
    from functions.users.deps import UsersDeps
    from functions.users.logic.passwords import Passwords
    from functions.users.service import USERS_TABLE
    from local_platform.resources import create_table

    for table in (USERS_TABLE, AUTH_TABLE, DESIGNS_TABLE, CONNECTIONS_TABLE):
        create_table(clients.dynamodb(), table, STAGE)
    secret = SIGNING_KEYS.physical_name(STAGE)
    sm = clients.client("secretsmanager")
    sm.create_secret(Name=secret)
    rotation = KeyRotation(sm, utcnow, 3600, "design-agent")
    token = str(uuid.uuid4())
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
        rotation.run(secret, token, step)
    settings = Settings.from_env({USERS_TABLE.env_var: USERS_TABLE.physical_name(STAGE),
                                  AUTH_TABLE.env_var: AUTH_TABLE.physical_name(STAGE)})
    auth_table = settings.table(AUTH_TABLE)
    auth = AuthDeps(settings=settings, repo=AuthRepository(auth_table, clients),
                    keys=SecretKeyStore(secret, clients=clients), revocations=RevocationStore(auth_table, clients),
                    notifications=_DirectNotifications(settings, clients))
    users = UsersDeps(settings=settings, repo=UsersRepository(settings.table(USERS_TABLE), clients),
                      auth=_DirectAuth(auth), notifications=NotificationsClient(STAGE, clients),
                      passwords=Passwords(PasswordHasher(time_cost=1, memory_cost=1024)))
    return Platform(clients=clients, counter=DynamoCounter(clients), users=users, auth=auth)


def measure_operations(p: Platform) -> dict[str, Counter[str]]:
    """One pass through every operation of the two services; DynamoDB calls per operation."""
    from functions.auth.handlers.authorizer import authorize
    from functions.auth.logic import sessions
    from functions.users.logic import accounts, quota
    from functions.users.models.api import LoginRequest, RegisterRequest, UpdateUserRequest

    out: dict[str, Counter[str]] = {}
    run = p.counter.recorder(out)

    email = f"bench{uuid.uuid4().hex[:6]}@example.com"
    user = run("Register", lambda: accounts.register(
        RegisterRequest(email=email, username=email.split("@")[0], password="bench password"), p.users))
    me = Principal(subject=user.id, role="user")
    login = run("Login (+ Auth.IssueSession)", lambda: accounts.login(
        LoginRequest(email=email, password="bench password"), "127.0.0.1", None, p.users))
    run("Login again (+ Auth.IssueSession), a known source", lambda: accounts.login(
        LoginRequest(email=email, password="bench password"), "127.0.0.1", None, p.users))
    p.auth.keys.load()  # the key set is cached between invocations of a warm function
    event = {"headers": {"Authorization": f"Bearer {login.access_token}"},
             "methodArn": "arn:aws:execute-api:us-east-1:1:api/local/GET/x"}
    run("Authorizer", lambda: authorize(event, p.auth))
    run("GetUser", lambda: accounts.get_visible("me", me, p.users))
    run("UpdateUser", lambda: accounts.update("me", UpdateUserRequest(avatar="https://x/a.png"), me, p.users))
    change = QuotaChange(user_id=user.id, resource="tasks", amount=1, idempotency_key="t1")
    run("ConsumeQuota", lambda: quota.change(change, "consume", p.users))
    run("ConsumeQuota (retry, same key)", lambda: quota.change(change, "consume", p.users))
    run("RefundQuota", lambda: quota.change(change, "refund", p.users))
    pair = run("Refresh", lambda: sessions.refresh(login.refresh_token, p.auth))
    run("Refresh (replay within the grace window)", lambda: sessions.refresh(login.refresh_token, p.auth))
    run("ListSessions", lambda: sessions.list_sessions(user.id, pair.session_id, p.auth))
    claims = verify_access_token(pair.access_token, p.auth.keys.key, issuer="design-agent")
    run("Logout", lambda: sessions.logout(claims, p.auth))
    out.update(measure_clients(p))
    out.update(measure_designs(p, user.id))
    out.update(measure_tasks(p, user.id))
    out.update(measure_user_rate_limit(p, user.id))
    return out


def measure_clients(p: Platform) -> dict[str, Counter[str]]:
    """Machine clients: create, a client-credentials token, the authorizer on it, disable."""
    from design_agent.contracts.auth import RegisterClientRequest

    from functions.auth.handlers.authorizer import authorize
    from functions.auth.logic import clients
    from functions.auth.models.api import ClientCredentials

    out: dict[str, Counter[str]] = {}
    run = p.counter.recorder(out)
    created = run("CreateClient", lambda: clients.register_client(RegisterClientRequest(name="bench"), p.auth))
    credentials = ClientCredentials(grant_type="client_credentials", client_id=created.client_id,
                                    client_secret=created.client_secret)
    token = run("IssueClientToken", lambda: clients.issue_client_token(credentials, p.auth))
    event = {"headers": {"Authorization": f"Bearer {token.access_token}"},
             "methodArn": "arn:aws:execute-api:us-east-1:1:api/local/POST/x"}
    run("Authorizer (worker token)", lambda: authorize(event, p.auth))
    run("DisableClient", lambda: clients.disable_client(created.client_id, p.auth))
    return out


def measure_designs(p: Platform, owner_id: str) -> dict[str, Counter[str]]:
    """The Design service: a 5-layer, 100-element poster (edits at every size: ``bench.designs_edits``)."""
    from bench.designs_edits import designs_deps
    from functions.designs.logic import documents
    from functions.designs.models.api import CreatePosterRequest, LayerOrderRequest, NewElement, UpdatePosterRequest

    deps = designs_deps(p.clients)
    shape = {"kind": "shape", "width": 10, "height": 10, "fill": "#ff0000"}
    request = CreatePosterRequest.model_validate({"title": "bench", "width": 1080, "height": 1920, "layers": [
        {"name": f"l{n}", "elements": [shape] * 20} for n in range(5)]})
    out: dict[str, Counter[str]] = {}
    run = p.counter.recorder(out)

    doc = run("CreatePoster (5 layers, 100 elements)", lambda: documents.create(owner_id, request, deps))
    pid = doc.poster.poster_id
    doc = run("GetPoster (whole document)", lambda: documents.visible(owner_id, pid, deps))
    edit = documents.Edit(owner_id, pid)
    run("UpdatePoster", lambda: documents.update_poster(edit, UpdatePosterRequest(title="renamed"), deps))
    run("UpdateLayerOrder", lambda: documents.reorder_layers(
        edit, LayerOrderRequest(layer_ids=[layer.layer_id for layer in reversed(doc.layers)]), deps))
    new = [NewElement.model_validate({"layer_id": doc.layers[0].layer_id, "body": shape})] * 10
    run("CreateElements x10", lambda: documents.create_elements(edit, new, deps))
    return out


class _DirectUsers:
    """The User service's quota operations called in-process (their DynamoDB calls count too)."""

    def __init__(self, deps: Any) -> None:
        self._deps = deps

    def consume_quota(self, change: QuotaChange) -> Any:
        from functions.users.logic import quota

        return quota.change(change, "consume", self._deps)

    def refund_quota(self, change: QuotaChange) -> Any:
        from functions.users.logic import quota

        return quota.change(change, "refund", self._deps)


def measure_tasks(p: Platform, user_id: str) -> dict[str, Counter[str]]:
    """The Task service: the user's calls and one worker's claim, progress and completion (quota calls of the
    User service included, in-process)."""
    from design_agent.contracts.designs import task_poster_id
    from design_agent.contracts.tasks import TaskResult

    from functions.tasks.dal.tasks import TasksRepository
    from functions.tasks.deps import TasksDeps
    from functions.tasks.logic import lifecycle, work
    from functions.tasks.logic.idempotency import create_once
    from functions.tasks.models.api import CompleteRequest, CreateTaskRequest, ProgressRequest
    from functions.tasks.service import TASK_REQUESTS_TABLE, TASKS_TABLE
    from local_platform.resources import create_table

    for table in (TASKS_TABLE, TASK_REQUESTS_TABLE):
        create_table(p.clients.dynamodb(), table, STAGE)
    settings = p.users.settings.model_copy(update={"raw": {
        **p.users.settings.raw, TASKS_TABLE.env_var: TASKS_TABLE.physical_name(STAGE),
        TASK_REQUESTS_TABLE.env_var: TASK_REQUESTS_TABLE.physical_name(STAGE)}})
    deps = TasksDeps(settings=settings, tasks=TasksRepository(TASKS_TABLE.physical_name(STAGE), p.clients),
                     users=_DirectUsers(p.users), storage=None, designs=None,  # type: ignore[arg-type]
                     clients=p.clients)
    request = CreateTaskRequest.model_validate({"type": "poster.generate", "params": {"prompt": "bench"}})
    out: dict[str, Counter[str]] = {}
    run = p.counter.recorder(out)

    task = run("CreateTask (+ Users.ConsumeQuota)", lambda: lifecycle.create(user_id, request, deps))
    run("CreateTask with Idempotency-Key (first)", lambda: create_once(user_id, "bench-key", request, deps))
    run("CreateTask with Idempotency-Key (replay)", lambda: create_once(user_id, "bench-key", request, deps))
    run("GetTask", lambda: deps.tasks.get(task.task_id))
    run("ListTasks (20)", lambda: deps.tasks.list_for_user(user_id, status=None, task_type=None, created_after=None,
                                                          created_before=None, limit=20, start=None))
    claim = run("ClaimTask", lambda: work.claim(task.task_id, "cli_bench", deps))
    run("UpdateProgress", lambda: work.progress(task.task_id, "cli_bench", ProgressRequest(
        lease_id=claim.lease_id, progress=50), deps))
    result = TaskResult(poster_id=task_poster_id(task.task_id, task.attempt))  # the attempt's own poster
    run("CompleteTask", lambda: work.complete(task.task_id, "cli_bench", CompleteRequest(
        lease_id=claim.lease_id, result=result), deps))
    queued = lifecycle.create(user_id, request, deps)
    run("CancelTask queued (+ Users.RefundQuota)", lambda: lifecycle.cancel(user_id, queued.task_id, deps))
    # a worker dies at 50%; after its lease another claims the task and reports from the start
    dying = lifecycle.create(user_id, request, deps)
    held = work.claim(dying.task_id, "cli_bench", deps)
    work.progress(dying.task_id, "cli_bench", ProgressRequest(lease_id=held.lease_id, progress=50), deps)
    later = dataclasses.replace(deps, clock=lambda: utcnow() + timedelta(seconds=settings.task_lease_s + 1))
    taken = run("ClaimTask (a takeover)", lambda: work.claim(dying.task_id, "cli_bench2", later))
    run("UpdateProgress (a new holder below the progress shown)", lambda: work.progress(
        dying.task_id, "cli_bench2", ProgressRequest(lease_id=taken.lease_id, progress=5), later))
    return out


def measure_user_rate_limit(p: Platform, user_id: str) -> dict[str, Counter[str]]:
    """The per-user limit every HTTP call of a signed-in user makes before its route runs (on top of the route's
    own requests above): a full bucket, a call within a burst, a refused call."""
    from design_agent import errors
    from design_agent.rate_limits import UserRateLimiter
    from design_agent.spec import RATE_LIMITS_TABLE, Throttle

    from local_platform.resources import create_table

    create_table(p.clients.dynamodb(), RATE_LIMITS_TABLE, STAGE)
    limiter = UserRateLimiter(RATE_LIMITS_TABLE.physical_name(STAGE), Throttle(rate_rps=10, burst=2), p.clients,
                              now_ms=lambda: 1_700_000_000_000)  # one instant: no token comes back meanwhile

    def refused() -> None:
        try:
            limiter.take(user_id)
        except errors.UserRateLimited:
            return
        raise AssertionError("the third call within one instant should be refused")

    out: dict[str, Counter[str]] = {}
    run = p.counter.recorder(out)
    run("Per-user limit, full bucket", lambda: limiter.take(user_id))
    run("Per-user limit, within a burst", lambda: limiter.take(user_id))
    run("Per-user limit, refused (429)", refused)
    return out


def main() -> None:
    import os

    from moto import mock_aws

    for key, value in {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(key, value)  # moto in-process: no real credentials are used

    with mock_aws():
        counts = measure_operations(build(AwsClients()))
    print("DynamoDB requests per operation (botocore calls, moto in-process)")
    for name, calls in counts.items():
        detail = ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
        print(f"  {name:<40} {sum(calls.values()):>2}   {detail}")


if __name__ == "__main__":
    main()
