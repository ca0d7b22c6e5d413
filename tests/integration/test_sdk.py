"""The Python SDK against the real local platform: a generation streamed over the WebSocket, renewal of an
expired access token in the middle of a run and by many threads at once (one refresh; the platform revokes a
session whose used refresh token comes back), a 429 waited out and retried, a dropped WebSocket resumed from
the inbox without losing a progress message, and the worker helper on a real task."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
import requests
from design_agent_sdk import (
    DesignAgent,
    MemoryTokenStore,
    Options,
    RetryEvent,
    SessionExpired,
    TaskLost,
    TaskUpdate,
    WorkerClient,
)
from design_agent_sdk.openapi.models import PosterGenerateParams, TaskResult
from design_agent_sdk.realtime import Connection
from PIL import Image

from tests.integration.conftest import Account, Platform, register_and_login
from tests.integration.sdk_support import drop_connections, expire_access_token, sdk_for
from tests.integration.tasks_support import Workers
from tests.integration.test_user_rate_limit import tight_limit

PARAMS = PosterGenerateParams(prompt="Autumn jazz night at the riverside", title="Jazz", subtitle="Pier 4")
STEPS = [5, 25, 45, 70, 85, 95]  # the reference worker's progress reports


def inbox_of(sdk: DesignAgent, task_id: str) -> list[str]:
    """The task's messages in the durable inbox, oldest first."""
    page = sdk.api.get_httpx_client().get("/api/v1/notifications/inbox", params={"limit": 100}).json()
    return [m["message_id"] for m in reversed(page["items"]) if m.get("task_id") == task_id]


def test_generate_streams_every_step_over_the_websocket_and_returns_the_poster(
        platform: Platform, user: Account, workers: Workers, tmp_path: Path) -> None:
    workers.start(1)
    sdk = sdk_for(platform, user)
    photo = tmp_path / "photo.png"
    Image.new("RGB", (320, 240), (30, 90, 200)).save(photo)
    sent: list[tuple[int, int]] = []
    stored = sdk.upload(photo, on_progress=lambda done, total: sent.append((done, total)))
    assert (stored.status.value, stored.size) == ("stored", photo.stat().st_size)
    assert sent[-1] == (photo.stat().st_size, photo.stat().st_size)

    updates: list[TaskUpdate] = []
    params = PosterGenerateParams.from_dict({**PARAMS.to_dict(), "reference_file_ids": [stored.file_id]})
    done = sdk.generate(params, on_update=updates.append)

    assert [u.progress for u in updates if u.type == "task.progress"] == STEPS
    # live over the socket; on a busy machine a step may come from the inbox replay or the polling fallback
    # instead, never lost or shown twice (the order and the count above)
    assert "websocket" in {u.via for u in updates}
    assert {u.via for u in updates} <= {"websocket", "replay", "poll"}
    assert updates[-1].type == "task.completed"
    assert done.task.status.value == "succeeded"
    assert [layer.name for layer in done.poster.layers] == ["Decoration", "Images", "Text"]
    _, saved = sdk.export(done.poster.poster.poster_id, tmp_path / "poster.png", scale=0.25)
    assert Image.open(saved).size == (270, 480)


def test_an_expired_access_token_is_renewed_mid_run_with_one_refresh(
        platform: Platform, user: Account, workers: Workers) -> None:
    workers.start(1, step_delay_s=0.3)
    sdk = sdk_for(platform, user)
    refresh_before = sdk.auth.store.load().refresh_token  # type: ignore[union-attr]
    expired: list[str] = []

    def on_update(update: TaskUpdate) -> None:
        if update.progress >= 25 and not expired:  # mid-run: the access token's 15 minutes are up
            expired.append(expire_access_token(platform, sdk, user.user_id))
            drop_connections(platform, user.user_id)  # the reconnect must present a fresh token too

    done = sdk.generate(PARAMS, on_update=on_update)
    assert done.task.status.value == "succeeded"
    assert sdk.auth.renewals == 1
    tokens = sdk.auth.store.load()
    assert tokens is not None
    assert tokens.access_token != expired[0]
    assert tokens.refresh_token != refresh_before
    assert sdk.me().id == user.user_id  # the rotated session goes on


def test_many_threads_with_an_expired_token_share_one_refresh(platform: Platform, user: Account) -> None:
    # the platform runs with REFRESH_REUSE_GRACE_S=0: a second refresh with the used token would end the session
    sdk = sdk_for(platform, user)
    expire_access_token(platform, sdk, user.user_id)
    barrier, answers, failures = threading.Barrier(8), [], []

    def call() -> None:
        barrier.wait()
        try:
            answers.append(sdk.me().id)
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert answers == [user.user_id] * 8
    assert sdk.auth.renewals == 1
    assert sdk.me().id == user.user_id


def test_a_dead_session_is_session_expired(platform: Platform, user: Account) -> None:
    sdk = sdk_for(platform, user)
    sdk.sign_out()
    with pytest.raises(SessionExpired):
        sdk.me()
    second = sdk_for(platform, user)
    tokens = second.auth.store.load()
    assert tokens is not None
    requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": tokens.refresh_token}, timeout=10)
    expire_access_token(platform, second, user.user_id)  # its refresh token was used elsewhere: theft
    with pytest.raises(SessionExpired) as refused:
        second.me()
    assert refused.value.status == 401


def test_a_429_is_waited_out_for_its_retry_after_and_retried(platform: Platform) -> None:
    who = register_and_login(platform, "throttled")
    retries: list[RetryEvent] = []
    sdk = DesignAgent.sign_in(platform.url, who.email, who.password,
                              options=Options(on_retry=retries.append))
    with tight_limit(platform):
        ids = [sdk.me().id for _ in range(4)]  # a burst of 2, then a token every 2 s
    assert ids == [who.user_id] * 4
    throttled = [r for r in retries if r.status == 429]
    assert throttled, retries
    assert all(r.retry_after is not None and r.delay_s == r.retry_after for r in throttled)


def test_a_dropped_websocket_is_resumed_from_the_inbox_without_losing_a_message(
        platform: Platform, user: Account, workers: Workers) -> None:
    workers.start(1, step_delay_s=0.4)
    sdk = sdk_for(platform, user)
    shown: list[TaskUpdate] = []
    dropped: list[int] = []

    def on_update(update: TaskUpdate) -> None:
        shown.append(update)
        if update.progress >= 25 and not dropped:
            dropped.append(drop_connections(platform, user.user_id))

    def on_connection(state: Connection) -> None:
        if state == "reconnecting" and len(dropped) == 1:  # hold the reconnect until the task has moved on
            seen = shown[-1].progress
            deadline = time.monotonic() + 30
            while sdk.watcher(shown[-1].task_id).poll().progress <= seen and time.monotonic() < deadline:
                time.sleep(0.1)
            dropped.append(0)

    done = sdk.generate(PARAMS, on_update=on_update, on_connection=on_connection)
    assert dropped[0] == 1
    assert [u.progress for u in shown if u.type == "task.progress"] == STEPS  # nothing lost, nothing twice
    assert "replay" in {u.via for u in shown}  # what came while the socket was down came from the inbox
    assert [u.message_id for u in shown] == inbox_of(sdk, done.task.task_id)


def test_the_worker_helper_claims_reports_stores_and_completes(
        platform: Platform, user: Account, workers: Workers) -> None:
    sdk = sdk_for(platform, user)
    task = sdk.create_task(PARAMS)
    worker = WorkerClient(platform.url, workers.client_id, workers.client_secret)
    held = worker.claim(task.task_id)
    assert held.task.params.prompt == PARAMS.prompt
    assert held.lease_s > 0
    assert held.progress(10, "thinking").progress == 10
    assert held.heartbeat().progress == 10  # the lease renewed, the progress unchanged
    with held.heartbeats(every_s=0.2):
        time.sleep(0.5)
    image = io.BytesIO()
    Image.new("RGB", (40, 60), "white").save(image, "PNG")
    output = held.store_output("preview.png", "image/png", image.getvalue())
    poster = held.create_poster({"title": "By hand", "width": 40, "height": 60, "preview_file_id": output.file_id,
                                 "layers": []})
    held.complete(TaskResult(poster_id=poster.poster_id, preview_file_id=output.file_id))
    assert sdk.watch(task.task_id).status == "succeeded"

    with pytest.raises(TaskLost) as lost:  # it has ended: a worker must stop
        worker.claim(task.task_id)
    assert lost.value.current_status == "succeeded"

    cancelled = sdk.create_task(PARAMS)
    second = worker.claim(cancelled.task_id)
    sdk.api.get_httpx_client().post(f"/api/v1/tasks/{cancelled.task_id}/cancel").raise_for_status()
    with pytest.raises(TaskLost) as stopped:
        second.progress(50, "too late")
    assert stopped.value.current_status == "cancelled"
    worker.close()


def test_a_machine_client_token_is_renewed_by_its_credentials(platform: Platform, workers: Workers) -> None:
    machine = DesignAgent.machine(platform.url, workers.client_id, workers.client_secret,
                                  store=MemoryTokenStore())
    first = machine.auth.current()
    with machine.auth.store.exclusive():
        machine.auth.store.save(None)
    assert machine.auth.current().access_token != first.access_token
    assert machine.auth.renewals == 2
