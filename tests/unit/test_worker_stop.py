"""A worker told to stop while its long poll is in flight loses no message: SQS (and LocalStack) may hand a message
to a poll whose client has gone, where it would stay hidden for a whole lease with no one working on it."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.unit.aws import AwsSandbox
from worker.runner import Worker

WAIT_S = 2


def test_a_worker_stopped_during_its_long_poll_hands_back_what_the_poll_received(sandbox: AwsSandbox) -> None:
    sqs = sandbox.clients.client("sqs")
    queue = sqs.create_queue(QueueName="dispatch-stop-test")["QueueUrl"]
    stop = threading.Event()
    worker = Worker(api=None, sqs=sqs, queue_url=queue, lease_s=600, wait_s=WAIT_S, stop=stop)  # type: ignore[arg-type]
    returned: list[Any] = []
    polling = threading.Thread(target=lambda: returned.append(worker._receive()))
    polling.start()
    while not any(t.name == "receive" for t in threading.enumerate()):  # the poll is on its way
        time.sleep(0.01)
    stop.set()
    sqs.send_message(QueueUrl=queue, MessageBody="{}")  # arrives while the stopped worker's poll is still open
    polling.join(WAIT_S + 10)
    assert returned == [None]  # stopped: nothing is worked on
    time.sleep(WAIT_S + 0.5)  # any poll still open has ended by now
    again = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
    assert [m["Body"] for m in again] == ["{}"]  # visible at once, not after the worker's lease


class _StopsAsThePollReturns:
    """The real SQS client, except that the worker is told to stop just as a poll comes back with a message."""

    def __init__(self, sqs: Any, stop: threading.Event) -> None:
        self._sqs, self._stop = sqs, stop

    def receive_message(self, **kwargs: Any) -> Any:
        answer = self._sqs.receive_message(**kwargs)
        self._stop.set()
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sqs, name)


def test_a_stop_that_arrives_as_the_poll_returns_a_message_starts_no_work_and_hands_it_back(
        sandbox: AwsSandbox) -> None:
    sqs = sandbox.clients.client("sqs")
    queue = sqs.create_queue(QueueName="dispatch-stop-race")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="{}")
    stop = threading.Event()
    worker = Worker(api=None, sqs=_StopsAsThePollReturns(sqs, stop), queue_url=queue,  # type: ignore[arg-type]
                    lease_s=600, wait_s=WAIT_S, stop=stop)
    assert worker._receive() is None
    again = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
    assert [m["Body"] for m in again] == ["{}"]
