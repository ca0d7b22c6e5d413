"""What the simulated users of ``make load`` do (Locust): sign up and in, upload by presigned POST straight to the
bucket, generate posters while watching their progress on the WebSocket API, edit posters with If-Match (some
edits on purpose with a version already gone: 412), export, run media jobs and read the inbox.

Every answer the platform acknowledged that the invariants check later (an edit, a created task, a stored
upload) is appended to the acknowledgement log (``LOAD_ACKS``), one JSON object per line. A 429 with Retry-After
is a limit doing its job: counted under its own name, waited for, not a failure."""

from __future__ import annotations

import base64
import io
import json
import os
import random
import time
import uuid
from typing import Any

from locust import HttpUser, between, events, task
from PIL import Image
from websocket import WebSocketTimeoutException, create_connection

API = "/api/v1"
ACKS = os.environ.get("LOAD_ACKS", "build/load-acks.jsonl")
WS_URL = os.environ.get("LOAD_WS_URL", "")
TASK_WAIT_S = float(os.environ.get("LOAD_TASK_WAIT_S", "60"))
TITLES = ("中秋音乐会：月光下的爵士之夜", "Autumn jazz night", "春节庙会 Spring fair", "夏日海报")  # noqa: RUF001


def _png(seed: int, size: tuple[int, int] = (96, 64)) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40 + seed % 20).convert("RGB").save(buf, "PNG")
    return buf.getvalue()


def acknowledged(kind: str, **fields: Any) -> None:
    with open(ACKS, "a", encoding="utf-8") as log:
        log.write(json.dumps({"kind": kind, "at": time.time(), **fields}, ensure_ascii=False) + "\n")


def record(kind: str, name: str, ms: float, failure: Exception | None = None) -> None:
    """A measurement of something that is not one HTTP request (a limit waited for, a task watched to its end)."""
    events.request.fire(request_type=kind, name=name, response_time=ms,  # type: ignore[no-untyped-call]
                        response_length=0, exception=failure, context={})


def _code(answer: Any) -> str:
    try:
        return str(answer.json().get("code", ""))
    except ValueError:
        return ""


class Designer(HttpUser):
    wait_time = between(0.2, 1.5)

    def on_start(self) -> None:
        name = f"load{uuid.uuid4().hex[:10]}"
        self.email, self.password = f"{name}@example.com", "a long enough password"
        self.token, self.user_id = "", ""
        self.call("POST", "/users/register", "register", {"email": self.email, "username": name,
                                                          "password": self.password}, expect=(201,), auth=False)
        self._sign_in()
        created = self.call("POST", "/designs/posters", "create poster", {
            "title": "load", "width": 320, "height": 480, "layers": [{"name": "text", "elements": [
                {"kind": "text", "content": "负载测试 Load", "x": 10, "y": 10, "width": 200, "height": 60}]}]},
            expect=(201,))
        self.poster_id = created.json()["poster"]["poster_id"] if created is not None else None
        self.etag = created.headers.get("ETag", "") if created is not None else ""
        stored = self.call("POST", "/storage/files", "store file (inline)", {
            "filename": "seed.png", "content_type": "image/png", "data_base64": base64.b64encode(_png(0)).decode()},
            expect=(201,))
        self.file_id = stored.json()["file_id"] if stored is not None else None

    def _sign_in(self) -> None:
        answer = self.call("POST", "/users/login", "login", {"email": self.email, "password": self.password},
                           expect=(200,), auth=False)
        body = answer.json() if answer is not None else {}
        self.user_id = body.get("user", {}).get("id", "")
        self.token = body.get("access_token", "")

    # --- one call: statuses expected, limits waited for, an expired session renewed ---------------------------
    def call(self, method: str, path: str, name: str, body: Any = None, *, expect: tuple[int, ...] = (200,),
             headers: dict[str, str] | None = None, auth: bool = True) -> Any:
        for _ in range(5):
            sent = {**({"Authorization": f"Bearer {self.token}"} if auth else {}), **(headers or {})}
            with self.client.request(method, API + path, name=name, json=body, headers=sent,
                                     catch_response=True, timeout=60) as answer:
                if answer.status_code == 429 and _code(answer) == "quota-exceeded" and 429 in expect:
                    answer.success()  # this period's quota is used up: an answer, not a limit to wait for
                    return answer
                if answer.status_code == 429 and "Retry-After" in answer.headers:
                    answer.success()
                    record("LIMIT", f"429 {name}", 0)
                    time.sleep(min(float(answer.headers["Retry-After"]), 5.0))
                    continue
                if answer.status_code == 401 and auth and path != "/users/login":
                    answer.success()  # an access token outlived: sign in again, as a client does
                    self._sign_in()
                    continue
                if answer.status_code in expect:
                    answer.success()
                    return answer
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")
                return None
        return None

    # --- what users do -------------------------------------------------------------------------------------------
    @task(4)
    def edit_poster(self) -> None:
        if self.poster_id is None:
            return
        title = f"{random.choice(TITLES)} #{random.randrange(10**6)}"
        answer = self.call("PATCH", f"/designs/posters/{self.poster_id}", "edit poster (If-Match)",
                           {"title": title}, headers={"If-Match": self.etag}, expect=(200, 204, 412))
        if answer is None:
            return
        if answer.status_code == 412:  # its version is gone (an answer lost, a retry): read it again
            self._read_poster()
            return
        stale, self.etag = self.etag, answer.headers.get("ETag", "")
        acknowledged("edit", poster_id=self.poster_id, etag=self.etag, title=title, user_id=self.user_id)
        if random.random() < 0.25:  # a second tab still holding the version before: refused, never applied
            self.call("PATCH", f"/designs/posters/{self.poster_id}", "edit poster (stale If-Match)",
                      {"title": "lost update"}, headers={"If-Match": stale}, expect=(412,))

    @task(2)
    def read_poster(self) -> None:
        self._read_poster()

    def _read_poster(self) -> None:
        if self.poster_id is not None:
            answer = self.call("GET", f"/designs/posters/{self.poster_id}", "get poster")
            if answer is not None:
                self.etag = answer.headers.get("ETag", self.etag)

    @task(2)
    def upload_presigned(self) -> None:
        data = _png(random.randrange(1000))
        answer = self.call("POST", "/storage/upload-tokens", "upload token",
                           {"filename": "photo.png", "content_type": "image/png"}, expect=(201,))
        if answer is None:
            return
        token = answer.json()
        with self.client.post(token["url"], data=token["fields"], files={"file": ("photo.png", data)},
                              name="S3 presigned POST", catch_response=True, timeout=60) as sent:
            if sent.status_code not in (200, 201, 204):
                sent.failure(f"{sent.status_code}: {sent.text[:200]}")
                return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            got = self.call("GET", f"/storage/files/{token['file_id']}", "file status")
            if got is None:
                return
            if got.json()["status"] == "stored":
                acknowledged("upload", file_id=token["file_id"], size=len(data), user_id=self.user_id)
                return
            time.sleep(0.3)
        record("WAIT", "upload confirmed within 60 s", 60000, TimeoutError(token["file_id"]))

    @task(1)
    def generate_and_watch(self) -> None:
        """A generation task watched on the WebSocket API to its end (a dropped connection is reopened; the task's
        status is the truth when no frame says it ended)."""
        started = time.monotonic()
        socket = self._socket()
        key = str(uuid.uuid4())
        answer = self.call("POST", "/tasks", "create task", {"type": "poster.generate", "params": {
            "prompt": "中秋节江边的爵士音乐会", "title": random.choice(TITLES), "style": "elegant"}},
            headers={"Idempotency-Key": key}, expect=(201, 429))  # 429 quota-exceeded: this month's is used up
        if answer is None or answer.status_code != 201:
            return
        task_id = answer.json()["task_id"]
        acknowledged("task", task_id=task_id, user_id=self.user_id)
        ended = self._watch(socket, task_id, started + TASK_WAIT_S)
        status = ended or self._status(task_id)
        record("TASK", "created -> ended (WebSocket)", (time.monotonic() - started) * 1000,
               None if status in ("succeeded", "failed") else RuntimeError(status))

    def _socket(self) -> Any:
        try:
            return create_connection(f"{WS_URL}/?token={self.token}", timeout=10)
        except Exception:  # the gateway refused or dropped it: the task's status is read instead
            return None

    def _watch(self, socket: Any, task_id: str, deadline: float) -> str | None:
        while time.monotonic() < deadline:
            if socket is None:
                socket = self._socket()
                if socket is None:
                    time.sleep(1)
                    continue
            try:
                frame = json.loads(socket.recv())
            except WebSocketTimeoutException:
                if self._status(task_id) in ("succeeded", "failed", "cancelled"):
                    break
                continue
            except Exception:  # dropped (chaos): reopen and keep watching
                socket = None
                record("WS", "connection dropped", 0)
                continue
            message = frame.get("message", {}) if frame.get("type") == "notification" else {}
            if message.get("task_id") == task_id and message.get("type") in ("task.completed", "task.failed"):
                socket.close()
                return "succeeded" if message["type"] == "task.completed" else "failed"
        if socket is not None:
            socket.close()
        return None

    def _status(self, task_id: str) -> str:
        answer = self.call("GET", f"/tasks/{task_id}/status", "task status")
        return str(answer.json()["status"]) if answer is not None else "unknown"

    @task(1)
    def export(self) -> None:
        if self.poster_id is not None:
            self.call("POST", f"/designs/posters/{self.poster_id}/export", "export poster", {"scale": 0.25},
                      expect=(201,))

    @task(1)
    def media_job(self) -> None:
        if self.file_id is None:
            return
        answer = self.call("POST", "/media/jobs", "create media job", {"items": [{"file_id": self.file_id,
                           "operations": [{"op": "resize", "width": 48}, {"op": "convert", "format": "webp"}]}]},
                           expect=(202,))
        if answer is None:
            return
        job_id = answer.json()["job_id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            got = self.call("GET", f"/media/jobs/{job_id}", "media job status")
            if got is None or got.json()["status"] == "completed":
                return
            time.sleep(0.5)

    @task(1)
    def watermark(self) -> None:
        if self.file_id is not None:
            self.call("POST", "/media/watermark", "watermark", {"file_id": self.file_id, "text": "水印"},
                      expect=(200, 201))

    @task(2)
    def inbox(self) -> None:
        self.call("GET", "/notifications/inbox?limit=20", "inbox")
