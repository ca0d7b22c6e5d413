"""The generate flow end to end over real HTTP: tasks, the outbox and the bus, the dispatch queue and its DLQ,
and real reference worker processes (killed with SIGKILL where the test says so)."""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from design_agent.spec import event_bus_name
from PIL import Image

from functions.tasks.service import DISPATCH_QUEUE, DISPATCH_RULE
from local_platform.resources import create_bus, create_rule
from tests.integration.conftest import STAGE, TASK_LEASE_S, TASKS_PER_MONTH, Account, Platform, register_and_login
from tests.integration.tasks_support import (
    GENERATE,
    EventTap,
    Workers,
    create_task,
    dispatch_queue_url,
    ended,
    wait_status,
)


@pytest.fixture(autouse=True)
def _no_tasks_left_queued(platform: Platform, user: Account) -> Iterator[None]:
    """A test that leaves tasks queued (the quota test makes ten, with no worker) would have the next test's
    workers render them all before its own task: cancel what is still queued (a worker's claim is then refused)."""
    yield
    queued = requests.get(platform.api("/api/v1/tasks"), params={"status": "queued", "limit": 100},
                          headers=user.auth, timeout=10)
    assert queued.status_code == 200, queued.text
    for task in queued.json()["items"]:
        cancel = requests.post(platform.api(f"/api/v1/tasks/{task['task_id']}/cancel"), headers=user.auth, timeout=10)
        assert cancel.status_code in (200, 409), cancel.text  # 409: a worker claimed it meanwhile


def _photo() -> str:
    image = Image.new("RGB", (320, 240), (30, 120, 200))
    for x in range(0, 320, 40):
        image.paste((250, 200, 40), (x, 0, x + 20, 240))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def test_generate_flow_produces_a_real_poster(platform: Platform, user: Account, workers: Workers,
                                             tap: EventTap) -> None:
    upload = requests.post(platform.api("/api/v1/storage/files"), headers=user.auth, timeout=20, json={
        "filename": "reference.jpg", "content_type": "image/jpeg", "data_base64": _photo()})
    assert upload.status_code == 201, upload.text
    reference = upload.json()["file_id"]
    workers.start()
    body = {**GENERATE, "params": {**GENERATE["params"], "reference_file_ids": [reference]}}  # type: ignore[dict-item]
    created = create_task(platform, user, body)
    assert created.status_code == 201, created.text
    task_id = created.json()["task_id"]
    assert created.headers["Location"] == f"/api/v1/tasks/{task_id}"

    done = wait_status(platform, user, task_id, ended)
    assert done["status"] == "succeeded", done
    result = done["result"]
    poster = requests.get(platform.api(f"/api/v1/designs/posters/{result['poster_id']}"), headers=user.auth,
                          timeout=10).json()
    assert [layer["name"] for layer in poster["layers"]] == ["Decoration", "Images", "Text"]
    kinds = {e["body"]["kind"] for e in poster["elements"]}
    assert kinds == {"shape", "image", "text"}
    assert any(e["body"].get("file_id") == reference for e in poster["elements"])
    assert poster["poster"]["task_id"] == task_id
    assert poster["poster"]["preview_file_id"] == result["preview_file_id"]
    preview = Image.open(io.BytesIO(requests.get(result["preview_url"], timeout=10).content))
    assert preview.size == (1080, 1920)
    assert len(preview.convert("RGB").resize((54, 96)).getcolors(maxcolors=10_000) or []) > 20  # drawn, not blank

    events = tap.wait_for(task_id, "TaskCompleted")
    types = [e["detail-type"] for e in events]
    assert types[:3] == ["TaskCreated", "TaskQueued", "TaskStarted"] or sorted(types[:3]) == sorted(
        ["TaskCreated", "TaskQueued", "TaskStarted"])
    progress = [e["detail"]["data"]["progress"] for e in events if e["detail-type"] == "TaskProgressed"]
    assert sorted(progress) == [5, 25, 45, 70, 85, 95]
    assert types.count("TaskCompleted") == 1
    assert len({e["detail"]["metadata"]["event_id"] for e in events}) == len(events)
    # the request that created the task is the correlation id of the events its write produced
    created_event = next(e for e in events if e["detail-type"] == "TaskCreated")
    assert created_event["detail"]["metadata"]["correlation_id"] == created.headers["x-amzn-RequestId"]
    listed = requests.get(platform.api("/api/v1/tasks"), params={"status": "succeeded"}, headers=user.auth,
                          timeout=10).json()
    assert [t["task_id"] for t in listed["items"]] == [task_id]


def test_idempotency_key_creates_once(platform: Platform, user: Account) -> None:
    first = create_task(platform, user, key="create-1")
    again = create_task(platform, user, key="create-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["task_id"] == first.json()["task_id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = create_task(platform, user, {**GENERATE, "params": {"prompt": "something else"}}, key="create-1")
    assert other.status_code == 422, other.text
    quota = requests.get(platform.api("/api/v1/users/me/quota"), headers=user.auth, timeout=10).json()
    assert quota["used_tasks"] == 1


def test_concurrent_creates_against_the_quota(platform: Platform, user: Account) -> None:
    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(lambda _: create_task(platform, user).status_code, range(30)))
    assert codes.count(201) == TASKS_PER_MONTH
    assert codes.count(429) == 30 - TASKS_PER_MONTH
    listed = requests.get(platform.api("/api/v1/tasks"), params={"limit": 100}, headers=user.auth, timeout=10)
    assert len(listed.json()["items"]) == TASKS_PER_MONTH


def test_bad_input_and_other_peoples_tasks(platform: Platform, user: Account, workers: Workers) -> None:
    url = platform.api("/api/v1/tasks")
    assert requests.post(url, data="{nope", headers={**user.auth, "Content-Type": "application/json"},
                         timeout=10).json()["code"] == "malformed-json"
    wrong = requests.post(url, json={"type": "poster.generate", "params": {"prompt": "", "size": {"width": 9}}},
                          headers=user.auth, timeout=10)
    assert wrong.status_code == 422
    assert {e["path"] for e in wrong.json()["errors"]} >= {"body.params.prompt", "body.params.size.width"}
    assert requests.post(url, json={"type": "video.generate", "params": {"prompt": "x"}}, headers=user.auth,
                         timeout=10).status_code == 422
    for when in ("0.5", "1700000000", "2026-12-03", "yesterday"):  # numbers were read as Unix times (fuzzing)
        listed = requests.get(url, params={"created_before": when}, headers=user.auth, timeout=10)
        assert (listed.status_code, listed.json()["errors"][0]["path"]) == (422, "query.created_before"), listed.text
    assert requests.get(url, params={"created_after": "2026-12-03T12:00:00Z"}, headers=user.auth,
                        timeout=10).status_code == 200
    missing_ref = create_task(platform, user, {**GENERATE, "params": {
        "prompt": "x", "reference_file_ids": ["fil_01J00000000000000000000000"]}})
    assert missing_ref.status_code == 422
    task_id = create_task(platform, user).json()["task_id"]
    stranger = register_and_login(platform, "stranger")
    for path in ("", "/status"):
        assert requests.get(platform.api(f"/api/v1/tasks/{task_id}{path}"), headers=stranger.auth,
                            timeout=10).status_code == 404
    assert requests.post(platform.api(f"/api/v1/tasks/{task_id}/cancel"), headers=stranger.auth,
                         timeout=10).status_code == 404
    # a user cannot act as a worker, and a worker must hold the task
    assert requests.post(platform.api(f"/api/v1/tasks/{task_id}/claim"), headers=user.auth,
                         timeout=10).status_code == 403
    worker_auth = {"Authorization": f"Bearer {workers.token()}"}
    progress = requests.post(platform.api(f"/api/v1/tasks/{task_id}/progress"), headers=worker_auth, timeout=10,
                             json={"lease_id": "lse_forged", "progress": 50})
    assert progress.status_code == 409
    assert progress.json()["current_status"] == "queued"
    assert requests.get(platform.api("/api/v1/tasks"), headers=worker_auth, timeout=10).status_code in {403, 404}


def test_duplicate_dispatch_yields_one_completion(platform: Platform, user: Account, workers: Workers,
                                                 tap: EventTap) -> None:
    workers.start(2, step_delay_s=0.3)
    task_id = create_task(platform, user).json()["task_id"]
    queued = next(e for e in tap.wait_for(task_id, "TaskQueued") if e["detail-type"] == "TaskQueued")
    platform.boto("sqs").send_message(QueueUrl=dispatch_queue_url(platform), MessageBody=json.dumps(queued))
    done = wait_status(platform, user, task_id, ended)
    assert done["status"] == "succeeded"
    time.sleep(1.5)  # the duplicate has been claimed (refused) by now
    events = tap.wait_for(task_id, "TaskCompleted")  # events follow the status (outbox, bus, queue)
    assert [e["detail-type"] for e in events].count("TaskCompleted") == 1
    assert [e["detail-type"] for e in events].count("TaskStarted") == 1
    task = requests.get(platform.api(f"/api/v1/tasks/{task_id}"), headers=user.auth, timeout=10).json()
    assert task["status"] == "succeeded"


def test_killed_worker_is_recovered_by_redelivery(platform: Platform, user: Account, workers: Workers,
                                                 tap: EventTap) -> None:
    slow = workers.start(1, step_delay_s=2.0)
    task_id = create_task(platform, user).json()["task_id"]
    wait_status(platform, user, task_id, lambda s: s["status"] == "running", timeout_s=20)
    slow.processes[0].kill()  # SIGKILL mid-task: no goodbye, the message stays in flight
    slow.processes[0].wait()
    workers.start(1)
    done = wait_status(platform, user, task_id, ended, timeout_s=TASK_LEASE_S + 40)
    assert done["status"] == "succeeded", done
    types = [e["detail-type"] for e in tap.wait_for(task_id, "TaskCompleted")]  # events follow the status (outbox)
    assert types.count("TaskStarted") == 2  # claimed again once the first lease ran out
    assert types.count("TaskCompleted") == 1


def test_cancel_reaches_the_running_worker(platform: Platform, user: Account, workers: Workers,
                                          tap: EventTap) -> None:
    workers.start(1, step_delay_s=1.0)
    task_id = create_task(platform, user).json()["task_id"]
    wait_status(platform, user, task_id, lambda s: s["status"] == "running" and s["progress"] >= 5)
    cancelled = requests.post(platform.api(f"/api/v1/tasks/{task_id}/cancel"), headers=user.auth, timeout=10)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["quota_refunded"]) == ("cancelled", False)
    time.sleep(3)  # the worker's next progress call is refused and it stops
    task = requests.get(platform.api(f"/api/v1/tasks/{task_id}"), headers=user.auth, timeout=10).json()
    assert (task["status"], task["result"]) == ("cancelled", None)
    assert "TaskCompleted" not in [e["detail-type"] for e in tap.wait_for(task_id, "TaskCancelled")]
    assert {"message": "stopped", "task_id": task_id, "status": "cancelled"}.items() <= next(
        line for line in workers.log() if line["message"] == "stopped").items()
    again = requests.post(platform.api(f"/api/v1/tasks/{task_id}/cancel"), headers=user.auth, timeout=10)
    assert (again.status_code, again.json()["current_status"]) == (409, "cancelled")


def test_poison_task_ends_in_the_dlq_failed_and_refunded_then_retries(platform: Platform, user: Account,
                                                                       workers: Workers) -> None:
    sqs = platform.boto("sqs")
    queue = dispatch_queue_url(platform)
    sqs.purge_queue(QueueUrl=queue)  # messages other tests left behind are not this test's
    task_id = create_task(platform, user).json()["task_id"]
    receives = 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # a worker that crashes on this task every time: never deletes it
        for message in sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0,
                                           MaxNumberOfMessages=10).get("Messages", []):
            receives += json.loads(message["Body"])["detail"]["data"]["task_id"] == task_id
        status = requests.get(platform.api(f"/api/v1/tasks/{task_id}/status"), headers=user.auth, timeout=10)
        if status.json()["status"] == "failed":
            break
        time.sleep(0.1)
    assert receives == DISPATCH_QUEUE.max_receive_count
    failed = status.json()
    assert (failed["status"], failed["error"]["code"]) == ("failed", "dispatch-failed"), failed
    task = requests.get(platform.api(f"/api/v1/tasks/{task_id}"), headers=user.auth, timeout=10).json()
    assert task["quota_refunded"] is True
    quota = requests.get(platform.api("/api/v1/users/me/quota"), headers=user.auth, timeout=10).json()
    assert quota["used_tasks"] == 0

    workers.start()  # a healthy worker now: the retry succeeds
    retried = requests.post(platform.api(f"/api/v1/tasks/{task_id}/retry"), headers=user.auth, timeout=10)
    assert (retried.status_code, retried.json()["attempt"]) == (200, 2), retried.text
    assert wait_status(platform, user, task_id, ended)["status"] == "succeeded"


@pytest.mark.moto_only  # LocalStack accepts events for a deleted bus, so nothing fails there
def test_a_failed_publish_is_retried_and_arrives_once(platform: Platform, user: Account, tap: EventTap) -> None:
    events, sqs = platform.boto("events"), platform.boto("sqs")
    bus = event_bus_name(STAGE)
    rules = [r["Name"] for r in events.list_rules(EventBusName=bus)["Rules"]]
    for rule in rules:  # the bus goes away: every publish fails until it is back
        targets = [t["Id"] for t in events.list_targets_by_rule(Rule=rule, EventBusName=bus)["Targets"]]
        if targets:
            events.remove_targets(Rule=rule, EventBusName=bus, Ids=targets)
        events.delete_rule(Name=rule, EventBusName=bus)
    events.delete_event_bus(Name=bus)
    failures_before = platform.log_path.read_text().count("stream consumer failed")
    try:
        task_id = create_task(platform, user).json()["task_id"]
        deadline = time.monotonic() + 20
        # the stream publisher has tried and failed twice; its next retry is backed off by ~0.4 s or more, and the
        # bus and rules are back well before that
        while platform.log_path.read_text().count("stream consumer failed") < failures_before + 2:
            assert time.monotonic() < deadline, "the publisher never failed"
            time.sleep(0.02)
    finally:
        create_bus(events, STAGE)
        create_rule(events, sqs, DISPATCH_RULE, STAGE, dispatch_queue_url(platform))
        tap.install()
        for name in rules:
            if name.startswith(f"design-agent-{STAGE}-") and name != DISPATCH_RULE.physical_name(STAGE):
                restore_rule(platform, name)
    got = tap.wait_for(task_id, "TaskQueued", timeout_s=20)
    time.sleep(1)
    got = tap.of(task_id)
    assert sorted(e["detail-type"] for e in got) == ["TaskCreated", "TaskQueued"]
    assert len({e["detail"]["metadata"]["event_id"] for e in got}) == 2


def restore_rule(platform: Platform, name: str) -> None:
    """Rules of other services (e.g. notifications) come back from their service descriptions."""
    from functions.registry import SERVICES

    for service in SERVICES:
        for rule in service.rules:
            if rule.physical_name(STAGE) == name:
                url = platform.boto("sqs").get_queue_url(QueueName=service.queue(rule.queue).physical_name(STAGE))
                create_rule(platform.boto("events"), platform.boto("sqs"), rule, STAGE, url["QueueUrl"])
