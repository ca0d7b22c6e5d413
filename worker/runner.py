"""The worker loop: dispatch message -> claim -> generate with progress -> store -> poster -> complete.

Delivery semantics:

- the message stays invisible while the task is worked on (visibility = the lease + a margin, renewed with each
  progress call), so a live worker keeps it and a dead worker's message comes back only after its lease ran out
  — the next worker's claim then succeeds and the task is recovered;
- a claim refused with 409/404 (another worker holds the task, it finished, it was cancelled) deletes the
  message: duplicate deliveries end here;
- a progress call answered 409 (cancelled, or the lease was lost) stops the work and deletes the message;
- an expected failure (e.g. the renderer refused the parameters) fails the task and deletes the message;
- an unexpected crash leaves the message: it is delivered again, and after the queue's maximum receives it moves
  to the DLQ, whose consumer fails the task and refunds the quota.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from design_agent import errors, json_input
from design_agent.contracts.tasks import PosterGenerateParams
from design_agent.render import render_png
from design_agent_sdk import ClaimedTask, TaskLost, WorkerClient
from design_agent_sdk.openapi.models import TaskResult
from design_agent_sdk.openapi.types import UNSET
from PIL import Image

from worker.design import plan

log = logging.getLogger("worker")
VISIBILITY_MARGIN_S = 5
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_INLINE_PREVIEW = 3 * 1024 * 1024  # a larger PNG preview is sent as JPEG (the Storage inline limit is ~4 MB)


@dataclass
class Delivery:
    """One received dispatch message."""

    receipt: str
    task_id: str
    attempt: int


def parse(body: str) -> Delivery | None:
    try:
        data = json_input.parse(body)["detail"]["data"]
        return Delivery(receipt="", task_id=str(data["task_id"]), attempt=int(data["attempt"]))
    except (errors.BadRequest, ValueError, KeyError, TypeError):
        return None


class Worker:
    def __init__(self, api: WorkerClient, sqs: Any, queue_url: str, *, lease_s: int = 120, wait_s: int = 20,
                 idle_s: float = 0.0, step_delay_s: float = 0.0, stop: threading.Event | None = None) -> None:
        self.api = api
        self.sqs = sqs
        self.queue_url = queue_url
        self.lease_s = lease_s
        self.wait_s = wait_s  # SQS long polling (the local platform's moto answers long polls too)
        self.idle_s = idle_s  # pause after an empty poll (with wait_s=0: short polls)
        self.step_delay_s = step_delay_s  # a slower model: a pause after each step (demos, crash and cancel tests)
        self.stop = stop or threading.Event()
        self.completed = 0

    def run(self, parent_pid: int | None = None) -> None:
        """Until stopped; a worker started by a parent (the local platform) also ends when the parent is gone."""
        log.info("worker started", extra={"queue": self.queue_url})
        while not self.stop.is_set():
            if parent_pid is not None and os.getppid() != parent_pid:
                log.info("parent process gone; stopping")
                return
            self.poll_once()

    def poll_once(self) -> None:
        messages = self._receive()
        if messages is None:  # stopped during the long poll
            return
        if not messages and self.idle_s:
            self.stop.wait(self.idle_s)
        for message in messages:
            delivery = parse(message["Body"])
            if delivery is None:
                log.error("unreadable dispatch message; leaving it for the DLQ", extra={"body": message["Body"]})
                continue
            delivery.receipt = message["ReceiptHandle"]
            try:
                done = self.handle(delivery)
            except Exception:  # a crash: the message comes back after its visibility timeout (then the DLQ)
                log.exception("task crashed; the message will be delivered again", extra={"task_id":
                                                                                          delivery.task_id})
                continue
            if done:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=delivery.receipt)

    def _receive(self) -> list[dict[str, Any]] | None:
        """One long poll; None when the worker is told to stop meanwhile (see ``_hand_back``)."""
        answer: list[Any] = []
        done = threading.Event()

        def receive() -> None:
            try:
                answer.append(self.sqs.receive_message(
                    QueueUrl=self.queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=self.wait_s,
                    VisibilityTimeout=self.lease_s + VISIBILITY_MARGIN_S).get("Messages", []))
            except Exception as exc:  # raised again in the worker's own thread
                answer.append(exc)
            done.set()

        threading.Thread(target=receive, name="receive", daemon=True).start()
        while not done.wait(0.1):
            if self.stop.is_set():
                break
        if self.stop.is_set():  # also when the poll ended with a message just after the stop: no new work begins
            self._hand_back(done, answer)
            return None
        if isinstance(answer[0], Exception):
            raise answer[0]
        return list(answer[0])

    def _hand_back(self, done: threading.Event, answer: list[Any]) -> None:
        """Stopped during a long poll: let the poll end (at most ``wait_s``) and make what it received visible at
        once. A poll whose client has gone may still be handed a message (SQS and LocalStack do), which would then
        stay hidden for a whole lease with no one working on it."""
        if not done.wait(self.wait_s + VISIBILITY_MARGIN_S) or isinstance(answer[0], Exception):
            return
        for message in answer[0]:
            try:
                self.sqs.change_message_visibility(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=0)
            except (BotoCoreError, ClientError) as exc:  # it comes back after its visibility timeout instead
                log.warning("could not hand a message back", extra={"error": str(exc)})
        if answer[0]:
            log.info("stopping: handed back what the last poll received", extra={"messages": len(answer[0])})

    def handle(self, delivery: Delivery) -> bool:
        """Work on one delivery; True when the message is done with (delete it)."""
        try:
            claim = self.api.claim(delivery.task_id)
        except TaskLost as stop:
            log.info("not claimed", extra={"task_id": delivery.task_id, "status": stop.current_status})
            return True
        if claim.task.attempt != delivery.attempt:
            log.info("message of an earlier attempt", extra={"task_id": delivery.task_id})
            # the claim is ours now; the new attempt's own message will find the task held and be dropped,
            # so this worker does the work
        self.lease_s = claim.lease_s
        self._hold(delivery)  # from now on the message returns only after the lease has run out
        try:
            self.generate(delivery, claim)
        except TaskLost as stop:
            log.info("stopped", extra={"task_id": delivery.task_id, "status": stop.current_status})
            return True
        except errors.AppError as exc:  # the parameters cannot be drawn: a real failure of this task
            self._fail(claim, exc.code, exc.detail)
            return True
        self.completed += 1
        return True

    def _fail(self, claim: ClaimedTask, code: str, message: str) -> None:
        with contextlib.suppress(TaskLost):  # it ended meanwhile: nothing to report
            claim.fail(code, message)

    def _hold(self, delivery: Delivery) -> None:
        self.sqs.change_message_visibility(QueueUrl=self.queue_url, ReceiptHandle=delivery.receipt,
                                           VisibilityTimeout=self.lease_s + VISIBILITY_MARGIN_S)

    def _progress(self, delivery: Delivery, claim: ClaimedTask, value: int, stage: str) -> None:
        if self.step_delay_s:
            self.stop.wait(self.step_delay_s)
        claim.progress(value, stage)
        self._hold(delivery)
        log.info("progress", extra={"task_id": delivery.task_id, "progress": value, "stage": stage})

    def generate(self, delivery: Delivery, claim: ClaimedTask) -> None:
        task_id = delivery.task_id
        params = PosterGenerateParams.model_validate(claim.task.params.to_dict())
        self._progress(delivery, claim, 5, "reading the brief")
        images: dict[str, bytes] = {}
        for ref in claim.references:
            data = self.api.download(ref.url, MAX_REFERENCE_BYTES) if isinstance(ref.url, str) else None
            if data is not None:
                images[ref.file_id] = data
        self._progress(delivery, claim, 25, f"fetched {len(images)} reference image(s)")
        layout = plan(params, list(images), images)
        self._progress(delivery, claim, 45, "composed the layout")
        rendered = render_png(layout.document(), images=images.get, fonts=lambda _: None)
        if rendered.missing_characters:
            log.warning("characters no font has", extra={"task_id": task_id,
                                                         "characters": rendered.missing_characters})
        self._progress(delivery, claim, 70, "rendered the poster")
        content_type, data = _preview(rendered.png)
        stored = claim.store_output(f"preview.{content_type.rsplit('/', 1)[1]}", content_type, data)
        self._progress(delivery, claim, 85, "stored the preview")
        poster = claim.create_poster({
            "title": layout.title, "width": layout.width, "height": layout.height,
            "background": layout.background.model_dump(mode="json"), "preview_file_id": stored.file_id,
            "layers": [layer.model_dump(mode="json", exclude_defaults=False) for layer in layout.layers]})
        self._progress(delivery, claim, 95, "created the poster")
        claim.complete(TaskResult(poster_id=poster.poster_id, preview_file_id=stored.file_id,
                                  preview_url=stored.url if isinstance(stored.url, str) else UNSET,
                                  output_file_ids=[stored.file_id]))
        log.info("completed", extra={"task_id": task_id, "poster_id": poster.poster_id})


def _preview(png: bytes) -> tuple[str, bytes]:
    if len(png) <= MAX_INLINE_PREVIEW:
        return "image/png", png
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    return "image/jpeg", out.getvalue()
