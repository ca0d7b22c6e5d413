"""An embedded moto server whose requests are serialised, with SQS long polling that holds no lock.

DynamoDB applies a conditional write atomically; moto's backends are plain Python objects, so concurrent
requests could interleave a condition check and its write. One lock around each request gives the emulator
the atomicity the real services have.

A long poll (``ReceiveMessage`` with ``WaitTimeSeconds``) must not hold that lock while it waits, or it would stop
every other request for up to 20 s. The server answers it as SQS does, without the lock: it receives with no wait
(under the lock, like any request), and while nothing is there it sleeps until a request that may have made a
message visible completes (a send, a visibility change, an event put, an S3 write) or a short re-check interval
passes (for visibility timeouts and delays running out), until the poll's wait is over. So a consumer makes one
call per ``WaitTimeSeconds`` while idle, and a new message still reaches it at once. ``release`` ends every
waiting poll now (the platform is stopping), and later polls are answered without waiting.
"""

from __future__ import annotations

import functools
import io
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode

from moto import backends as moto_backends
from moto.server import DomainDispatcherApplication, create_backend_app
from moto.sqs.models import sqs_backends

from local_platform import moto_dynamodb
from local_platform.changes import Changes
from local_platform.moto_fixes import (
    clamp_reads_to_the_trim_horizon,
    expire_shard_iterators,
    honour_transaction_tokens,
    stop_tracking_instances,
)
from local_platform.wsgi_server import WsgiApp, WsgiServer, client_gone

THREADS = 128
# a waiting poll looks again when the next of its queue's messages comes out of its visibility timeout or delay,
# or when a request may have made one visible; without either, at least this often (a safety net)
RECHECK_S = 5.0
# requests after which a waiting poll looks again: they may have made a message visible
_SQS_FILLERS = frozenset({"SendMessage", "SendMessageBatch", "ChangeMessageVisibility",
                          "ChangeMessageVisibilityBatch"})
_QUIET_TARGETS = ("DynamoDB_", "DynamoDBStreams_", "AmazonSSM.", "secretsmanager.", "AWSCognito", "AWSKMS")
DYNAMODB_TARGET = "DynamoDB_20120810."  # the X-Amz-Target of DynamoDB's operations (not its streams')
# actions that change nothing worth keeping (reads; a receive only hides a message for its visibility timeout)
_READS = ("Get", "Query", "Scan", "Describe", "List", "BatchGet", "ReceiveMessage")


def _request_body(environ: dict[str, Any]) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)  # readable again by the app
    return body


def _record(answered: list[Any], status: str, headers: list[tuple[str, str]], *_info: Any) -> None:
    answered.append((status, headers))


def _with_body(environ: dict[str, Any], body: bytes) -> dict[str, Any]:
    return {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}


class LongPoll:
    """What a ``ReceiveMessage`` request asks, in either SQS protocol (JSON or query)."""

    def __init__(self, wait_s: int, short_body: bytes, json_protocol: bool, queue_url: str = "") -> None:
        self.wait_s = wait_s
        self.short_body = short_body  # the same request with WaitTimeSeconds=0
        self.json_protocol = json_protocol
        self.queue_url = queue_url

    @classmethod
    def of(cls, environ: dict[str, Any]) -> LongPoll | None:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        form_encoded = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
        if environ.get("REQUEST_METHOD") != "POST" or not (target == "AmazonSQS.ReceiveMessage"
                                                           or (not target and form_encoded)):
            return None
        body = _request_body(environ)
        try:
            if target:
                request = json.loads(body or b"{}")
                wait = int(request.get("WaitTimeSeconds") or 0)
                short = json.dumps({**request, "WaitTimeSeconds": 0}).encode()
                return cls(wait, short, True, str(request.get("QueueUrl", ""))) if wait > 0 else None
            form = dict(parse_qsl(body.decode()))
            if form.get("Action") != "ReceiveMessage" or int(form.get("WaitTimeSeconds") or 0) <= 0:
                return None
            return cls(int(form["WaitTimeSeconds"]), urlencode({**form, "WaitTimeSeconds": "0"}).encode(), False,
                       form.get("QueueUrl", ""))
        except (ValueError, UnicodeDecodeError):
            return None  # let moto answer what it makes of it

    def received(self, status: str, body: bytes) -> bool:
        """Whether an answer ends the poll: messages, or an error."""
        if not status.startswith("200"):
            return True
        if self.json_protocol:
            try:
                return bool(json.loads(body or b"{}").get("Messages"))
            except ValueError:
                return True
        return b"<Message>" in body

    def next_visible_in_s(self) -> float | None:
        """Seconds until the next message of the polled queue comes out of its visibility timeout or delay (None:
        none is hidden). Read under the emulator's lock."""
        account, _, name = self.queue_url.rstrip("/").rpartition("/")
        account = account.rpartition("/")[2]
        queues = [backend.queues[name] for backend in sqs_backends.get(account, {}).values()
                  if name in backend.queues]
        now_ms = time.time() * 1000
        due = [max(m.visible_at, m.delayed_until) for q in queues for m in q._messages]
        later = [at for at in due if at > now_ms]
        return (min(later) - now_ms) / 1000 if later else None


class SerialisedApp:
    def __init__(self, app: WsgiApp) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._generation = 0  # bumped by every request that may have made a message visible
        self._released = False
        self.receive_calls = 0  # ReceiveMessage requests answered (long or short), for tests and benchmarks
        self.writes = 0  # requests that may have changed the emulator's data (a snapshot is due after one)
        self.table_writes = Changes()  # bumped after each DynamoDB write: stream pollers wait on it

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        poll = LongPoll.of(environ)
        if poll is not None:
            self.receive_calls += 1
            return self._long_poll(environ, start_response, poll)
        if environ.get("HTTP_X_AMZ_TARGET", "") == "AmazonSQS.ReceiveMessage":
            self.receive_calls += 1
        with self._lock:
            answer = list(self._app(environ, start_response))
            wrote = self._may_write(environ)
            if wrote:
                self.writes += 1
        if wrote and environ.get("HTTP_X_AMZ_TARGET", "").startswith(DYNAMODB_TARGET):
            self.table_writes.bump()
        if self._may_fill_a_queue(environ):
            with self._changed:
                self._generation += 1
                self._changed.notify_all()
        return answer

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """No request runs until this ends (a consistent snapshot of every backend)."""
        with self._lock:
            yield

    def release(self) -> None:
        """End every waiting long poll now; answer later ones at once (the server is stopping)."""
        with self._changed:
            self._released = True
            self._changed.notify_all()

    def _long_poll(self, environ: dict[str, Any], start_response: Callable[..., Any],
                   poll: LongPoll) -> Iterable[bytes]:
        deadline = time.monotonic() + poll.wait_s
        while True:
            with self._changed:
                generation = self._generation
            if client_gone(environ):
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b""]
            answered: list[Any] = []
            with self._lock:
                body = b"".join(self._app(_with_body(environ, poll.short_body), functools.partial(_record, answered)))
                hidden_for = poll.next_visible_in_s()
            status, headers = answered[0]
            remaining = deadline - time.monotonic()
            if poll.received(status, body) or remaining <= 0 or self._released:
                start_response(status, headers)
                return [body]
            recheck = RECHECK_S if hidden_for is None else min(RECHECK_S, hidden_for + 0.01)
            with self._changed:
                self._changed.wait_for(functools.partial(self._moved_on, generation), timeout=min(recheck, remaining))

    def _moved_on(self, generation: int) -> bool:
        return self._generation != generation or self._released

    @staticmethod
    def _may_write(environ: dict[str, Any]) -> bool:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target:
            return not target.rpartition(".")[2].startswith(_READS)
        return environ.get("REQUEST_METHOD") not in ("GET", "HEAD", "OPTIONS")

    @staticmethod
    def _may_fill_a_queue(environ: dict[str, Any]) -> bool:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("AmazonSQS."):
            return target.removeprefix("AmazonSQS.") in _SQS_FILLERS
        if target:
            return not target.startswith(_QUIET_TARGETS)  # e.g. AWSEvents.PutEvents -> rule targets
        return environ.get("REQUEST_METHOD") in ("POST", "PUT")  # S3 writes (notifications), query-protocol APIs


def remember_moto_modules() -> None:
    """moto's dispatcher finds each request's service by listing moto's package folder (an ``isdir`` per entry,
    ~170 of them) on every request: ~2 ms of CPU a request, most of what an idle platform spent. The folder does
    not change while the platform runs, so it is listed once (idempotent)."""
    if getattr(moto_backends, "_remembered", False):
        return
    modules = tuple(moto_backends.list_of_moto_modules())
    moto_backends.list_of_moto_modules = lambda: modules
    moto_backends._remembered = True  # type: ignore[attr-defined]


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        remember_moto_modules()
        moto_dynamodb.install()  # DynamoDB's cost follows the partition, as in AWS
        expire_shard_iterators()
        clamp_reads_to_the_trim_horizon()
        stop_tracking_instances()
        honour_transaction_tokens()
        self.app = SerialisedApp(DomainDispatcherApplication(create_backend_app))
        # every long poll (queue consumers, reference workers) holds a thread while it waits
        self._server = WsgiServer(self.app, host, port, threads=THREADS, name="moto")

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> MotoServer:
        self._server.start()
        return self

    def release_waiters(self) -> None:
        self.app.release()

    def stop(self) -> None:
        self.app.release()
        self._server.stop()
