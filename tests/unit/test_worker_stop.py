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
    time.sleep(0.3)  # the poll is waiting
    stop.set()
    sqs.send_message(QueueUrl=queue, MessageBody="{}")  # arrives while the stopped worker's poll is still open
    polling.join(WAIT_S + 10)
    assert returned == [None]  # stopped: nothing is worked on
    time.sleep(WAIT_S + 0.5)  # any poll still open has ended by now
    again = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", [])
    assert [m["Body"] for m in again] == ["{}"]  # visible at once, not after the worker's lease
