"""SQS long polling against the embedded moto: an idle queue costs one ReceiveMessage per long poll (Lambda's
pollers and the reference worker both long-poll), a message sent meanwhile still arrives at once, the poll holds
no lock other requests need, and stopping does not wait for a poll in flight."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from design_agent.clients import AwsClients

from local_platform import moto_server
from local_platform.event_sources import LONG_POLL_S, SqsPoller
from local_platform.functions import FunctionRegistry
from local_platform.moto_server import MotoServer
from local_platform.resources import create_queue
from local_platform.workers import WorkerProcesses
from tests.unit.local_platform.demo_service import JOBS, SERVICE
from tests.unit.local_platform.handlers import SEEN

IDLE_S = 3.0  # an idle interval: short polls (every 0.1 s) made ~30 calls per consumer in it


@pytest.fixture
def server() -> Iterator[MotoServer]:
    server = MotoServer("127.0.0.1", 0).start()
    yield server
    server.stop()


@pytest.fixture
def clients(server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> AwsClients:
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    return AwsClients()


def _until(condition: Callable[[], bool], timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


@pytest.fixture
def poller(clients: AwsClients, server: MotoServer) -> Iterator[tuple[SqsPoller, str]]:
    registry = FunctionRegistry((SERVICE,), "test")
    url, _ = create_queue(clients.client("sqs"), JOBS, "test")
    poller = SqsPoller(clients.client("sqs"), registry, registry.functions["design-agent-test-demo-consume"], url,
                       log=lambda _: None)
    calls_before = server.app.receive_calls
    poller.start()
    _until(lambda: server.app.receive_calls > calls_before)  # the first long poll is in flight
    yield poller, url
    server.release_waiters()
    poller.stop()
    poller.join(5)


def test_an_idle_queue_costs_one_receive_per_long_poll(server: MotoServer,
                                                       poller: tuple[SqsPoller, str]) -> None:
    assert LONG_POLL_S == 20
    first = server.app.receive_calls
    time.sleep(IDLE_S)
    assert server.app.receive_calls - first <= 1  # still the same poll (at most one more, at a poll's end)


def test_a_message_sent_during_a_long_poll_arrives_at_once_and_other_calls_are_not_held(
        clients: AwsClients, server: MotoServer, poller: tuple[SqsPoller, str]) -> None:
    _, url = poller
    sqs = clients.client("sqs")
    before = server.app.receive_calls
    ddb = clients.dynamodb()
    for _ in range(20):  # requests go on while the poll waits (it holds no lock)
        ddb.list_tables()
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    _until(lambda: ["hello"] in [batch for kind, batch in SEEN if kind == "sqs"])
    assert server.app.receive_calls - before <= 1  # the waiting poll delivered it; no short polls in between


def test_a_message_whose_visibility_timeout_ends_during_a_long_poll_is_received_then(
        clients: AwsClients, server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A waiting poll looks again when the next hidden message of its queue comes back, not on a fixed timer (it
    looked twice a second: most of what an idle platform cost). The safety-net recheck is pushed past the poll."""
    monkeypatch.setattr(moto_server, "RECHECK_S", 3600.0)
    sqs = clients.client("sqs")
    url = sqs.create_queue(QueueName="visibility")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="again")
    first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=1)["Messages"]  # hidden for a second

    def long_poll() -> tuple[list[str], float]:
        started = time.monotonic()
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=LONG_POLL_S, VisibilityTimeout=60)
        return [m["Body"] for m in got.get("Messages", [])], time.monotonic() - started

    bodies, waited = long_poll()
    assert bodies == ["again"]
    assert waited < LONG_POLL_S / 2  # when it came back, long before the poll's end (its last look finds it too)
    assert first[0]["Body"] == "again"
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)  # a delay ends the same way
    bodies, waited = long_poll()
    assert bodies == ["later"]
    assert waited < LONG_POLL_S / 2


def test_stopping_does_not_wait_for_the_poll_in_flight(server: MotoServer, poller: tuple[SqsPoller, str]) -> None:
    loop, _ = poller
    started = time.monotonic()
    loop.stop()
    server.release_waiters()  # what the platform does when it stops
    loop.join(10)
    assert not loop._thread.is_alive()
    assert time.monotonic() - started < LONG_POLL_S / 2  # ended long before its poll would have


def test_the_reference_worker_long_polls_too(clients: AwsClients, server: MotoServer) -> None:
    url, _ = create_queue(clients.client("sqs"), JOBS, "test")
    before = server.app.receive_calls
    workers = WorkerProcesses(api_url="http://127.0.0.1:9", queue_url=url, client_id="cli_x", client_secret="s",
                              env={"AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "testing",
                                   "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"})
    (process,) = workers.start(1)
    try:
        _until(lambda: server.app.receive_calls > before, timeout_s=60)  # started and polling
        first = server.app.receive_calls
        time.sleep(IDLE_S)
        assert server.app.receive_calls - first <= 1
        started = time.monotonic()
    finally:
        workers.stop(timeout_s=LONG_POLL_S)  # its poll still waits at the server: nothing releases it
    assert process.returncode == 0  # it stopped on SIGTERM by itself, not killed after the timeout
    assert time.monotonic() - started < LONG_POLL_S / 2  # without waiting for the poll in flight
    # the poll it gave up takes nothing: the next message goes to the next consumer, not to a closed connection
    sqs = clients.client("sqs")
    sqs.send_message(QueueUrl=url, MessageBody="after the worker")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2).get("Messages", [])] == [
        "after the worker"]


def test_the_platform_stops_without_waiting_for_its_long_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    from local_platform.platform import LocalPlatform, PlatformConfig

    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    local = LocalPlatform((SERVICE,), PlatformConfig(stage="lp", http_port=0, ws_port=0, moto_port=0,
                                                     schedules=False, log=lambda _: None)).start()
    assert local.moto is not None
    pollers = [loop for loop in local._loops if isinstance(loop, SqsPoller)]
    _until(lambda: local.moto is not None and local.moto.app.receive_calls >= len(pollers))  # all polls waiting
    started = time.monotonic()
    local.stop()
    assert time.monotonic() - started < LONG_POLL_S / 2
    assert not [loop for loop in pollers if loop._thread.is_alive()]
