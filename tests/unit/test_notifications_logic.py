"""Notification logic against moto (DynamoDB, SQS, SES and the @connections API), the real User service
answering in-process."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from design_agent.contracts.tasks import (
    ProgressStep,
    TaskCompleted,
    TaskError,
    TaskFailed,
    TaskProgressed,
    TaskResult,
)
from design_agent.cursors import Page
from design_agent.events import envelope
from design_agent.ids import new_id
from design_agent.keystore import SecretKeyStore
from design_agent.spec import function_name
from design_agent.tokens import issue_access_token
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from bench.request_counts import DynamoCounter
from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers import consume_task_events
from functions.notifications.logic import batches, inbox
from functions.notifications.logic.deliver import Note, notify
from functions.notifications.logic.task_events import step_event_id
from functions.notifications.logic.websocket import WsRequest, connect
from functions.notifications.models.api import BatchRequest
from functions.notifications.models.domain import Connection
from functions.notifications.service import BATCH_QUEUE, SERVICE
from functions.users.deps import UsersDeps
from functions.users.logic.accounts import register
from functions.users.models.api import RegisterRequest
from tests.unit.aws import STAGE, AwsSandbox
from tests.unit.lambda_context import FakeContext


@pytest.fixture
def deps(sandbox: AwsSandbox) -> NotificationsDeps:
    return NotificationsDeps.from_env(sandbox.clients)


def new_user() -> tuple[str, str]:
    name = f"u{random.randrange(10**9)}"
    email = f"{name}@example.com"
    return register(RegisterRequest(email=email, username=name, password="12345678"), UsersDeps.from_env()).id, email


def _sqs_event(*bodies: dict[str, Any]) -> dict[str, Any]:
    return {"Records": [{"messageId": str(n), "receiptHandle": "r", "body": json.dumps(b), "attributes": {
        "ApproximateReceiveCount": "1"}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1"} for n, b in
        enumerate(bodies)]}


def _bus(event: Any, event_id: str) -> dict[str, Any]:
    body = envelope(event, "design-agent.tasks", event_id=event_id)
    return {"detail-type": event.event_type, "source": "design-agent.tasks", "detail": body.model_dump(mode="json")}


def _task_fields(user_id: str, task_id: str) -> dict[str, Any]:
    return {"task_id": task_id, "user_id": user_id, "task_type": "poster.generate", "title": "Jazz night",
            "attempt": 1, "status": "running", "occurred_at": datetime.now(UTC)}


def _mails() -> list[Any]:
    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def test_an_event_is_delivered_once_and_stale_progress_is_dropped(deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    task_id = new_id("task")
    deps.connections.put(Connection(connection_id="c1", user_id=user_id, connected_at=datetime.now(UTC)))
    fields = _task_fields(user_id, task_id)
    events = [_bus(TaskProgressed(**fields, progress=45, stage="layout"), "evt_a"),
              _bus(TaskProgressed(**fields, progress=25, stage="fetch"), "evt_b"),  # arrives late: dropped
              _bus(TaskProgressed(**fields, progress=45, stage="layout"), "evt_a")]  # a redelivery
    result = consume_task_events.handler(_sqs_event(*events), FakeContext())
    assert result == {"batchItemFailures": []}
    items = deps.inbox.page(user_id, 10, None)[0]
    assert [m.data["progress"] for m in items] == [45]
    assert deps.inbox.unread(user_id) == 0  # progress is informational


def test_a_redelivery_after_a_crash_between_the_position_and_the_inbox_is_delivered(
        deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    task_id = new_id("task")
    fields = _task_fields(user_id, task_id)
    # the first delivery got this far, then failed
    deps.inbox.advance(user_id, task_id, 1, 45, step_event_id(task_id, 1, 45))
    events = [_bus(TaskProgressed(**fields, progress=45, stage="layout"), "evt_a"),  # its redelivery
              _bus(TaskProgressed(**fields, progress=45, stage="layout"), "evt_a"),  # and another one
              _bus(TaskProgressed(**fields, progress=30, stage="fetch"), "evt_b")]  # older: still dropped
    assert consume_task_events.handler(_sqs_event(*events), FakeContext()) == {"batchItemFailures": []}
    assert [m.data["progress"] for m in deps.inbox.page(user_id, 10, None)[0]] == [45]


def _steps(*progress: int) -> list[ProgressStep]:
    return [ProgressStep(progress=p, stage=f"step {p}", at=datetime.now(UTC)) for p in progress]


def _frames(connection_id: str) -> list[dict[str, Any]]:
    """What the @connections API was given for ``connection_id``, frame by frame, in order."""
    data = apigatewaymanagementapi_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].connections[connection_id].data.decode()
    frames, at, decoder = [], 0, json.JSONDecoder()
    while at < len(data):
        frame, at = decoder.raw_decode(data, at)
        frames.append(frame)
    return frames


def _shown(user_id: str, deps: NotificationsDeps, connection_id: str) -> tuple[list[Any], list[Any]]:
    """The task's steps as the inbox keeps them (oldest first) and as the socket got them."""
    inbox_items = sorted(deps.inbox.page(user_id, 50, None)[0], key=lambda m: m.created_at)
    return ([(m.data.get("progress"), m.body or m.type) for m in inbox_items],
            [(f["message"]["data"].get("progress"), f["message"]["body"] or f["message"]["type"])
             for f in _frames(connection_id)])


def test_an_update_that_overtakes_an_earlier_one_delivers_the_earlier_one_first(deps: NotificationsDeps) -> None:
    """The bus and a standard queue may reorder two updates of one task: every step still reaches the user once,
    in order, with its own stage (the later update carries the attempt's steps so far)."""
    user_id, _ = new_user()
    task_id = new_id("task")
    connection_id = f"c{random.randrange(10**9)}"
    deps.connections.put(Connection(connection_id=connection_id, user_id=user_id, connected_at=datetime.now(UTC)))
    fields = _task_fields(user_id, task_id)
    steps = _steps(5, 25, 45)
    late_first = [_bus(TaskProgressed(**fields, progress=25, stage="step 25", steps=steps[:2]), "evt_25"),
                  _bus(TaskProgressed(**fields, progress=5, stage="step 5", steps=steps[:1]), "evt_5"),  # overtaken
                  _bus(TaskProgressed(**fields, progress=45, stage="step 45", steps=steps), "evt_45")]
    assert consume_task_events.handler(_sqs_event(*late_first), FakeContext()) == {"batchItemFailures": []}
    expected = [(5, "step 5"), (25, "step 25"), (45, "step 45")]
    assert _shown(user_id, deps, connection_id) == (expected, expected)

    # the completion overtakes the last step: the step first, then the completion; the step itself comes later
    done = TaskCompleted(**{**fields, "status": "succeeded"}, result=TaskResult(poster_id=new_id("poster")),
                         steps=_steps(5, 25, 45, 95))
    last = TaskProgressed(**fields, progress=95, stage="step 95", steps=_steps(5, 25, 45, 95))
    for batch in ([_bus(done, "evt_done")], [_bus(last, "evt_95")], [_bus(done, "evt_done")]):
        assert consume_task_events.handler(_sqs_event(*batch), FakeContext()) == {"batchItemFailures": []}
    expected += [(95, "step 95"), (100, "task.completed")]
    assert _shown(user_id, deps, connection_id) == (expected, expected)


def test_a_delivery_cut_short_after_its_earlier_step_finishes_on_redelivery(deps: NotificationsDeps) -> None:
    """The earlier step's position was recorded, then the consumer died before the inbox had it: whichever update
    comes next delivers that step (same id), so the crash loses nothing and duplicates nothing."""
    user_id, _ = new_user()
    task_id = new_id("task")
    fields = _task_fields(user_id, task_id)
    deps.inbox.advance(user_id, task_id, 1, 5, step_event_id(task_id, 1, 5))
    event = _bus(TaskProgressed(**fields, progress=25, stage="step 25", steps=_steps(5, 25)), "evt_25")
    for _ in range(2):
        assert consume_task_events.handler(_sqs_event(event), FakeContext()) == {"batchItemFailures": []}
    assert [m.data["progress"] for m in sorted(deps.inbox.page(user_id, 10, None)[0],
                                               key=lambda m: m.created_at)] == [5, 25]


def test_the_ready_mail_links_the_poster_not_an_expiring_download_url(deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    before = len(_mails())
    poster_id = new_id("poster")
    presigned = ("https://design-agent-dev-files.s3.eu-central-1.amazonaws.com/files/p.png?X-Amz-Algorithm="
                 "AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=abc")
    completed = TaskCompleted(**{**_task_fields(user_id, new_id("task")), "status": "succeeded"},
                              result=TaskResult(poster_id=poster_id, preview_url=presigned))
    consume_task_events.handler(_sqs_event(_bus(completed, "evt_ready")), FakeContext())
    (mail,) = _mails()[before:]
    assert json.loads(mail.template_data)["link"] == f"/designs/posters/{poster_id}"


def test_failure_mail_is_sent_once_and_not_when_turned_off(deps: NotificationsDeps) -> None:
    user_id, email = new_user()
    before = len(_mails())
    failed = TaskFailed(**{**_task_fields(user_id, new_id("task")), "status": "failed"},
                        error=TaskError(code="model-error", message="gave up"), quota_refunded=True, retryable=True)
    for _ in range(2):  # a redelivery: one inbox message, one mail
        consume_task_events.handler(_sqs_event(_bus(failed, "evt_failed")), FakeContext())
    mails = _mails()[before:]
    assert [m.destinations["ToAddresses"] for m in mails] == [[email]]
    assert json.loads(mails[0].template_data)["reason"] == "gave up"
    assert deps.inbox.unread(user_id) == 1
    deps.inbox.put_preferences(user_id, deps.inbox.preferences(user_id).model_copy(update={"email_enabled": False}))
    completed = TaskCompleted(**{**_task_fields(user_id, new_id("task")), "status": "succeeded"},
                              result=TaskResult(poster_id=new_id("poster")))
    consume_task_events.handler(_sqs_event(_bus(completed, "evt_done")), FakeContext())
    assert len(_mails()) == before + 1
    assert deps.inbox.unread(user_id) == 2


def test_connect_accepts_users_and_refuses_bad_and_machine_tokens(deps: NotificationsDeps) -> None:
    keys = SecretKeyStore(deps.settings.secret_id(__import__("design_agent.spec", fromlist=["Secret"]).Secret(
        "jwt-signing-keys")), clients=deps.clients)
    user_token, _ = issue_access_token(keys.load(), subject="usr_1", role="user", session_id=None, ttl_s=300,
                                       issuer=deps.settings.token_issuer)
    worker_token, _ = issue_access_token(keys.load(), subject="cli_1", role="worker", session_id=None, ttl_s=300,
                                         issuer=deps.settings.token_issuer, kind="worker")
    expired, _ = issue_access_token(keys.load(), subject="usr_1", role="user", session_id=None, ttl_s=60,
                                    issuer=deps.settings.token_issuer, now=datetime.now(UTC) - timedelta(hours=1))

    def request(token: str | None) -> WsRequest:
        return WsRequest(connection_id="conn1", route="$connect", query={"token": token} if token else {},
                         body=None, connected_at=datetime.now(UTC))

    assert [connect(request(t), deps, keys) for t in (None, "junk", expired, worker_token)] == [401, 401, 401, 403]
    assert deps.connections.get("conn1", datetime.now(UTC)) is None
    with DynamoCounter(deps.clients).measure() as calls:
        assert connect(request(user_token), deps, keys) == 200
    assert sum(calls.values()) == 2  # the revocation check (one BatchGetItem) and the connection's Put
    assert deps.connections.get("conn1", datetime.now(UTC)).user_id == "usr_1"  # type: ignore[union-attr]
    assert deps.connections.get("conn1", datetime.now(UTC) + timedelta(hours=3)) is None  # the 2 h limit


def test_batch_chunks_are_counted_once(deps: NotificationsDeps, sandbox: AwsSandbox) -> None:
    users = [new_user()[0] for _ in range(3)]
    request = BatchRequest(title="Hello", user_ids=[*users, "usr_NOPE"] * 10)  # duplicates are sent once
    batch = batches.start("usr_admin", request, deps)
    sqs = deps.clients.client("sqs")
    url = deps.settings.queue_url(BATCH_QUEUE)
    messages = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert len(messages) == 1  # 4 distinct recipients: one chunk
    sandbox.clients.lambdas.invoked.clear()
    done = batches.deliver_chunk(messages[0], deps)
    again = batches.deliver_chunk(messages[0], deps)  # a redelivery
    # what the consumer calls is what its operation declares (CDK grants lambda:InvokeFunction on exactly those)
    declared = {function_name(STAGE, *target.split(".")) for target in SERVICE.operation("DeliverBatch").invokes}
    assert sandbox.clients.lambdas.invoked
    assert set(sandbox.clients.lambdas.invoked) <= declared
    assert done is not None
    assert again is not None
    assert (done.status, done.total, done.sent, done.failed) == ("done", 4, 3, 1)
    assert (again.sent, again.failed) == (3, 1)
    assert all(len(deps.inbox.page(u, 10, None)[0]) == 1 for u in users)
    assert batch.batch_id == done.batch_id


def test_mark_all_read_and_delete_keep_the_counter_exact(deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    ids = [notify(user_id, Note(type="announcement", title=str(n)), deps) for n in range(60)]
    assert deps.inbox.unread(user_id) == 60
    deps.inbox.delete(ids[0])  # type: ignore[arg-type]
    inbox.mark_read(user_id, ids[1].message_id, deps)  # type: ignore[union-attr]
    assert deps.inbox.unread(user_id) == 58
    assert inbox.mark_all_read(user_id, deps) == 58  # in two transactions of at most 49 + the counter
    assert deps.inbox.unread(user_id) == 0


def test_mark_all_read_is_one_write_however_many_messages(deps: NotificationsDeps) -> None:
    """1,000 unread messages: "mark all read" makes the same three requests as for one (the counter, the newest
    message, the watermark), and a second call marks nothing (idempotent)."""
    counter = DynamoCounter(deps.clients)
    costs = {}
    for size in (1, 1000):
        user_id, _ = new_user()
        for n in range(size):
            notify(user_id, Note(type="announcement", title=str(n)), deps)
        with counter.measure() as calls:
            assert inbox.mark_all_read(user_id, deps) == size
        costs[size] = sum(calls.values())
        assert deps.inbox.unread(user_id) == 0
        assert inbox.mark_all_read(user_id, deps) == 0
        page, _ = deps.inbox.page(user_id, 50, None)
        assert page
        assert all(message.read for message in page)
    assert costs == {1: 3, 1000: 3}


def test_the_watermark_keeps_the_counter_exact_with_late_and_early_messages(deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    made_early = [notify(user_id, Note(type="announcement", title="early"), deps)]
    assert made_early[0] is not None
    late = made_early[0].model_copy(update={"message_id": new_id("message")})  # made before the mark, stored after
    notify(user_id, Note(type="announcement", title="newest"), deps)
    assert inbox.mark_all_read(user_id, deps) == 2
    deps.inbox.add(late)
    assert deps.inbox.get(user_id, late.message_id).read  # type: ignore[union-attr]
    assert deps.inbox.unread(user_id) == 0
    after = notify(user_id, Note(type="announcement", title="after"), deps)
    assert after is not None
    assert not after.read
    assert deps.inbox.unread(user_id) == 1
    inbox.mark_read(user_id, made_early[0].message_id, deps)  # read already, by the watermark: no count down
    deps.inbox.delete(made_early[0])
    assert deps.inbox.unread(user_id) == 1
    inbox.mark_read(user_id, after.message_id, deps)
    assert deps.inbox.unread(user_id) == 0


def test_requests_per_delivery(deps: NotificationsDeps) -> None:
    user_id, _ = new_user()
    counter = DynamoCounter(deps.clients)
    calls: dict[str, Counter[str]] = {}
    run = counter.recorder(calls)
    run("notify (no connection open)", lambda: notify(user_id, Note(type="announcement", title="x"), deps,
                                                     event_id="evt_1"))
    run("notify (duplicate event)", lambda: notify(user_id, Note(type="announcement", title="x"), deps,
                                                  event_id="evt_1"))
    run("unread count", lambda: deps.inbox.unread(user_id))
    run("inbox page", lambda: inbox.page(user_id, 20, Page(None, lambda _: None), None, deps))
    deps.connections.put(Connection(connection_id="c1", user_id=user_id, connected_at=datetime.now(UTC)))
    task_id = new_id("task")
    fields = _task_fields(user_id, task_id)
    progressed = _sqs_event(_bus(TaskProgressed(**fields, progress=10, stage="layout"), "evt_p"))
    run("ConsumeTaskEvents: progress", lambda: consume_task_events.handler(progressed, FakeContext()))
    run("ConsumeTaskEvents: progress again", lambda: consume_task_events.handler(progressed, FakeContext()))
    completed = _sqs_event(_bus(TaskCompleted(**{**fields, "status": "succeeded"},
                                              result=TaskResult(poster_id=new_id("poster"))), "evt_c"))
    run("ConsumeTaskEvents: completed + mail", lambda: consume_task_events.handler(completed, FakeContext()))
    assert {k: sum(v.values()) for k, v in calls.items()} == {
        "notify (no connection open)": 2,  # the transaction (marker, message, counter), the connections query
        "notify (duplicate event)": 1,  # the refused transaction (preferences are read only when mail is due)
        "unread count": 1,
        "inbox page": 2,  # the page, and the counter's read_through watermark ("mark all read")
        # how far the task was delivered (an eventually consistent read: which earlier steps it still owes), the
        # task's position, the transaction, the connections query (the push itself is no DynamoDB request)
        "ConsumeTaskEvents: progress": 4,
        # a redelivery passes the position (same event) and the inbox's event marker refuses it: nothing pushed
        "ConsumeTaskEvents: progress again": 3,
        # + preferences, the user's contact (Users service, one GetItem), the mail marked sent
        "ConsumeTaskEvents: completed + mail": 7,
    }
