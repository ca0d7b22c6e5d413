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

import base64
import contextlib
import io
import json
import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

from design_agent import errors
from design_agent.contracts.tasks import PosterGenerateParams
from design_agent.render import render_png
from PIL import Image

from worker.client import Stop, TaskApi
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
        data = json.loads(body)["detail"]["data"]
        return Delivery(receipt="", task_id=str(data["task_id"]), attempt=int(data["attempt"]))
    except (ValueError, KeyError, TypeError):
        return None


class Worker:
    def __init__(self, api: TaskApi, sqs: Any, queue_url: str, *, lease_s: int = 120, wait_s: int = 20,
                 idle_s: float = 0.0, step_delay_s: float = 0.0, stop: threading.Event | None = None) -> None:
        self.api = api
        self.sqs = sqs
        self.queue_url = queue_url
        self.lease_s = lease_s
        self.wait_s = wait_s  # SQS long polling (0 against the local emulator, which serves one call at a time)
        self.idle_s = idle_s  # pause after an empty short poll
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
        messages = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=1,
                                            WaitTimeSeconds=self.wait_s,
                                            VisibilityTimeout=self.lease_s + VISIBILITY_MARGIN_S).get("Messages", [])
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

    def handle(self, delivery: Delivery) -> bool:
        """Work on one delivery; True when the message is done with (delete it)."""
        try:
            claim = self.api.claim(delivery.task_id)
        except Stop as stop:
            log.info("not claimed", extra={"task_id": delivery.task_id, "status": stop.current_status})
            return True
        if claim["task"]["attempt"] != delivery.attempt:
            log.info("message of an earlier attempt", extra={"task_id": delivery.task_id})
            # the claim is ours now; the new attempt's own message will find the task held and be dropped,
            # so this worker does the work
        self.lease_s = int(claim["lease_s"])
        self._hold(delivery)  # from now on the message returns only after the lease has run out
        try:
            self.generate(delivery, claim)
        except Stop as stop:
            log.info("stopped", extra={"task_id": delivery.task_id, "status": stop.current_status})
            return True
        except errors.AppError as exc:  # the parameters cannot be drawn: a real failure of this task
            self._fail(delivery, claim, exc.code, exc.detail)
            return True
        self.completed += 1
        return True

    def _fail(self, delivery: Delivery, claim: dict[str, Any], code: str, message: str) -> None:
        with contextlib.suppress(Stop):  # it ended meanwhile: nothing to report
            self.api.fail(delivery.task_id, claim["lease_id"], code, message)

    def _hold(self, delivery: Delivery) -> None:
        self.sqs.change_message_visibility(QueueUrl=self.queue_url, ReceiptHandle=delivery.receipt,
                                           VisibilityTimeout=self.lease_s + VISIBILITY_MARGIN_S)

    def _progress(self, delivery: Delivery, claim: dict[str, Any], value: int, stage: str) -> None:
        if self.step_delay_s:
            self.stop.wait(self.step_delay_s)
        self.api.progress(delivery.task_id, claim["lease_id"], value, stage)
        self._hold(delivery)
        log.info("progress", extra={"task_id": delivery.task_id, "progress": value, "stage": stage})

    def generate(self, delivery: Delivery, claim: dict[str, Any]) -> None:
        task_id, lease = delivery.task_id, claim["lease_id"]
        params = PosterGenerateParams.model_validate(claim["task"]["params"])
        self._progress(delivery, claim, 5, "reading the brief")
        images: dict[str, bytes] = {}
        for ref in claim["references"]:
            data = self.api.download(ref["url"], MAX_REFERENCE_BYTES) if ref.get("url") else None
            if data is not None:
                images[ref["file_id"]] = data
        self._progress(delivery, claim, 25, f"fetched {len(images)} reference image(s)")
        layout = plan(params, list(images))
        self._progress(delivery, claim, 45, "composed the layout")
        rendered = render_png(layout.document(), images=images.get, fonts=lambda _: None)
        self._progress(delivery, claim, 70, "rendered the poster")
        content_type, data = _preview(rendered.png)
        stored = self.api.store_output(task_id, lease, f"preview.{content_type.rsplit('/', 1)[1]}", content_type,
                                       base64.b64encode(data).decode())
        self._progress(delivery, claim, 85, "stored the preview")
        poster = self.api.create_poster(task_id, lease, title=layout.title, width=layout.width,
                                        height=layout.height, background=layout.background.model_dump(mode="json"),
                                        layers=layout.layers, preview_file_id=stored["file_id"])
        self._progress(delivery, claim, 95, "created the poster")
        self.api.complete(task_id, lease, {"poster_id": poster["poster_id"], "preview_file_id": stored["file_id"],
                                           "preview_url": stored.get("url"), "output_file_ids": [stored["file_id"]]})
        log.info("completed", extra={"task_id": task_id, "poster_id": poster["poster_id"]})


def _preview(png: bytes) -> tuple[str, bytes]:
    if len(png) <= MAX_INLINE_PREVIEW:
        return "image/png", png
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    return "image/jpeg", out.getvalue()
