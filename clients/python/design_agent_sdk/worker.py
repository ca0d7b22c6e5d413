"""The algorithm side of a task, for workers: claim it (a lease), report progress (which renews the lease; a
heartbeat repeats the last one during a long step), store outputs, create the poster, complete or fail.

Every call names the lease. An answer of 404 or 409 means this worker must stop — the task was cancelled or
has ended, or another worker took it over after the lease ran out — and is raised as :class:`TaskLost`."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from design_agent_sdk.client import DesignAgent, Options
from design_agent_sdk.errors import Conflict, NotFound, TaskLost
from design_agent_sdk.openapi.api.tasks import (
    claim_task,
    complete_task,
    create_task_poster,
    fail_task,
    store_task_output,
    update_progress,
)
from design_agent_sdk.openapi.models import (
    ClaimOut,
    CompleteRequest,
    FailRequest,
    ProgressOut,
    ProgressRequest,
    StoredOutput,
    StoreOutputRequest,
    StoreOutputRequestContentType,
    TaskError,
    TaskPosterOut,
    TaskPosterRequest,
    TaskResult,
    TaskStatusOut,
)
from design_agent_sdk.responses import expect

T = TypeVar("T")
MAX_MESSAGE = 1000  # what the API keeps of a failure message


def _held(call: Callable[[], T]) -> T:
    try:
        return call()
    except (NotFound, Conflict) as lost:
        raise TaskLost(lost) from lost


class ClaimedTask:
    """A task this worker holds: ``task`` (its parameters), ``references`` (their download URLs), the lease."""

    def __init__(self, sdk: DesignAgent, claim: ClaimOut) -> None:
        self._sdk, self.claim = sdk, claim
        self.task_id, self.lease_id, self.lease_s = claim.task.task_id, claim.lease_id, claim.lease_s
        self.task, self.references = claim.task, claim.references
        self._last: tuple[int, str | None] = (claim.task.progress, None)
        self._lock = threading.Lock()

    def progress(self, value: int, stage: str | None = None) -> ProgressOut:
        """Report how far the work is (never less than before); renews the lease."""
        with self._lock:
            out = _held(lambda: expect(update_progress.sync_detailed(
                self.task_id, client=self._sdk.api,
                body=ProgressRequest(lease_id=self.lease_id, progress=value, stage=stage))))
            self._last = (value, stage)
            return out

    def heartbeat(self) -> ProgressOut:
        """The last progress again: the lease is renewed and nobody is notified of anything new."""
        return self.progress(*self._last)

    @contextmanager
    def heartbeats(self, every_s: float | None = None) -> Iterator[None]:
        """Heartbeats in the background during a long step (every third of the lease unless told); a lost
        task is raised when the step ends."""
        stop, lost = threading.Event(), []

        def beat() -> None:
            while not stop.wait(every_s or self.lease_s / 3):
                try:
                    self.heartbeat()
                except TaskLost as error:
                    lost.append(error)
                    return

        thread = threading.Thread(target=beat, name=f"heartbeat-{self.task_id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
        if lost:
            raise lost[0]

    def store_output(self, filename: str, content_type: str, data: bytes) -> StoredOutput:
        """Store an output image (PNG, JPEG or WebP) as a file of the task's owner."""
        return _held(lambda: expect(store_task_output.sync_detailed(
            self.task_id, client=self._sdk.api, body=StoreOutputRequest(
                lease_id=self.lease_id, filename=filename, content_type=StoreOutputRequestContentType(content_type),
                data_base64=base64.b64encode(data).decode()))))

    def create_poster(self, poster: dict[str, Any]) -> TaskPosterOut:
        """Create the task's poster document (title, width, height, background, layers, preview_file_id)."""
        body = TaskPosterRequest.from_dict({**poster, "lease_id": self.lease_id})
        return _held(lambda: expect(create_task_poster.sync_detailed(self.task_id, client=self._sdk.api,
                                                                      body=body)))

    def complete(self, result: TaskResult) -> TaskStatusOut:
        return _held(lambda: expect(complete_task.sync_detailed(
            self.task_id, client=self._sdk.api, body=CompleteRequest(lease_id=self.lease_id, result=result))))

    def fail(self, code: str, message: str) -> TaskStatusOut:
        return _held(lambda: expect(fail_task.sync_detailed(
            self.task_id, client=self._sdk.api, body=FailRequest(
                lease_id=self.lease_id, error=TaskError(code=code, message=message[:MAX_MESSAGE])))))


class WorkerClient:
    """The Task API as a worker (a machine client) uses it."""

    def __init__(self, api_url: str, client_id: str, client_secret: str, *, options: Options | None = None) -> None:
        self.sdk = DesignAgent.machine(api_url, client_id, client_secret, options=options)

    def claim(self, task_id: str) -> ClaimedTask:
        """Take the task (a new lease); TaskLost when another worker holds it or it has ended."""
        return ClaimedTask(self.sdk, _held(lambda: expect(claim_task.sync_detailed(task_id, client=self.sdk.api))))

    def download(self, url: str, max_bytes: int) -> bytes | None:
        """A reference file's bytes from its download URL; None when it cannot be had or is too large."""
        return self.sdk.read_url(url, max_bytes)

    def close(self) -> None:
        self.sdk.close()
