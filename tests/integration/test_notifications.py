"""Notifications end to end with a real WebSocket client (``websockets``) against the local platform: progress
pushed live, connections per user, replay from the inbox, e-mail read back, batch sends."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.integration.conftest import STAGE, Account, Platform, register_and_login
from tests.integration.tasks_support import Workers, create_task, ended, wait_status


@contextmanager
def socket(platform: Platform, who: Account) -> Iterator[ClientConnection]:
    with connect(f"{platform.ws_url}/?token={who.access_token}", open_timeout=10) as ws:
        yield ws


def frames(ws: ClientConnection, until: str, timeout_s: float = 40) -> list[dict[str, Any]]:
    """Frames received until a notification of type ``until`` (inclusive)."""
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frame = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        got.append(frame)
        if frame.get("message", {}).get("type") == until:
            return got
    raise AssertionError(f"no {until} frame; got {[f.get('message', {}).get('type') for f in got]}")


def nothing_within(ws: ClientConnection, seconds: float) -> bool:
    try:
        ws.recv(timeout=seconds)
    except TimeoutError:
        return True
    return False


def inbox(platform: Platform, who: Account, **params: Any) -> dict[str, Any]:
    response = requests.get(platform.api("/api/v1/notifications/inbox"), params=params, headers=who.auth,
                            timeout=10)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_progress_arrives_live_in_order_up_to_completion(platform: Platform, user: Account,
                                                       workers: Workers) -> None:
    workers.start()
    with socket(platform, user) as ws:
        ws.send(json.dumps({"action": "ping"}))
        assert json.loads(ws.recv(timeout=10))["type"] == "pong"
        task_id = create_task(platform, user).json()["task_id"]
        got = frames(ws, "task.completed")
    messages = [f["message"] for f in got if f["type"] == "notification"]
    assert all(m["task_id"] == task_id for m in messages)
    progress = [m["data"]["progress"] for m in messages if m["type"] == "task.progress"]
    assert progress == sorted(progress), progress  # in order (docs/decisions.md: ordering of progress)
    assert progress[-1] >= 85, progress
    assert messages[-1]["data"]["result"]["poster_id"].startswith("pst_")
    # every pushed message is in the inbox too; only the completion counts as unread
    listed = inbox(platform, user, limit=50)["items"]
    assert {m["message_id"] for m in messages} <= {m["message_id"] for m in listed}
    unread = requests.get(platform.api("/api/v1/notifications/inbox/unread-count"), headers=user.auth,
                          timeout=10).json()
    assert unread == {"unread": 1}


def test_both_connections_of_a_user_receive_and_another_user_nothing(platform: Platform, user: Account,
                                                                    workers: Workers) -> None:
    stranger = register_and_login(platform, "stranger")
    workers.start()
    with socket(platform, user) as first, socket(platform, user) as second, socket(platform, stranger) as other:
        create_task(platform, user)
        one, two = frames(first, "task.completed"), frames(second, "task.completed")
        assert [f["message"]["message_id"] for f in one] == [f["message"]["message_id"] for f in two]
        assert nothing_within(other, 1.0)


def test_subscribe_narrows_a_connection_to_its_tasks(platform: Platform, user: Account, workers: Workers) -> None:
    with socket(platform, user) as ws:
        watched = create_task(platform, user).json()["task_id"]
        ws.send(json.dumps({"action": "subscribe", "task_id": watched}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "subscribed", "task_ids": [watched]}
        other = create_task(platform, user).json()["task_id"]
        workers.start()
        wait_status(platform, user, other, ended)
        got = frames(ws, "task.completed")
        assert {f["message"]["task_id"] for f in got} == {watched}
        ws.send(json.dumps({"action": "subscribe"}))
        assert json.loads(ws.recv(timeout=10))["type"] == "error"


def test_bad_revoked_and_machine_tokens_are_refused_at_connect(platform: Platform, user: Account,
                                                              workers: Workers) -> None:
    for token in ("", "not-a-jwt", user.access_token[:-4] + "AAAA"):
        with pytest.raises(InvalidStatus) as refused:
            connect(f"{platform.ws_url}/?token={token}", open_timeout=10)
        assert refused.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as machine:
        connect(f"{platform.ws_url}/?token={workers.token()}", open_timeout=10)
    assert machine.value.response.status_code == 403
    gone = register_and_login(platform, "leaver")
    assert requests.post(platform.api("/api/v1/auth/logout"), headers=gone.auth, timeout=10).status_code in {200, 204}
    with pytest.raises(InvalidStatus) as revoked:
        connect(f"{platform.ws_url}/?token={gone.access_token}", open_timeout=10)
    assert revoked.value.response.status_code == 401


def _connections(platform: Platform, user_id: str) -> list[str]:
    table = f"design-agent-{STAGE}-connections"
    items = platform.boto("dynamodb").query(
        TableName=table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"USER#{user_id}"}})["Items"]
    return [i["connection_id"]["S"] for i in items]


def test_dropped_and_gone_connections_are_cleaned_up(platform: Platform, user: Account) -> None:
    with socket(platform, user):
        assert len(_connections(platform, user.user_id)) == 1
    deadline = time.monotonic() + 10
    while _connections(platform, user.user_id) and time.monotonic() < deadline:  # $disconnect ran
        time.sleep(0.1)
    assert _connections(platform, user.user_id) == []
    # a connection that vanished without $disconnect (e.g. a network cut): the first push gets 410 and forgets it
    # (one just stored by $connect whose handshake is not complete yet is also 410, but is kept: it is opening)
    table = f"design-agent-{STAGE}-connections"
    for connection_id, age_s in (("vanished", 3600), ("opening", 0)):
        connected_at = datetime.now(UTC) - timedelta(seconds=age_s)
        platform.boto("dynamodb").put_item(TableName=table, Item={
            "pk": {"S": f"CONN#{connection_id}"}, "sk": {"S": "META"}, "connection_id": {"S": connection_id},
            "user_id": {"S": user.user_id}, "connected_at": {"S": connected_at.isoformat()}, "task_ids": {"L": []},
            "gsi1pk": {"S": f"USER#{user.user_id}"}, "gsi1sk": {"S": f"CONN#{connection_id}"},
            "expires_at": {"N": str(int(time.time()) + 3600)}})
    answer = platform.invoke("notifications", "SendRealtime", {"user_id": user.user_id, "title": "hello"})
    assert answer["ok"], answer
    assert _connections(platform, user.user_id) == ["opening"]
    platform.boto("dynamodb").delete_item(TableName=table, Key={"pk": {"S": "CONN#opening"}, "sk": {"S": "META"}})


def test_reconnect_and_replay_from_the_inbox_cursor_loses_nothing(platform: Platform, user: Account,
                                                                  workers: Workers) -> None:
    with socket(platform, user) as ws:
        platform.invoke("notifications", "SendRealtime", {"user_id": user.user_id, "title": "before"})
        last_seen = json.loads(ws.recv(timeout=10))["message"]["message_id"]
    workers.start()  # offline now: a whole task runs
    task_id = create_task(platform, user).json()["task_id"]
    wait_status(platform, user, task_id, ended)
    deadline = time.monotonic() + 20
    while True:
        replay = inbox(platform, user, since=last_seen, limit=100)
        if any(m["type"] == "task.completed" for m in replay["items"]) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    kinds = [m["type"] for m in replay["items"]]
    assert kinds[-1] == "task.completed", kinds
    assert kinds.count("task.progress") >= 5, kinds
    assert [m["message_id"] for m in replay["items"]] == sorted(m["message_id"] for m in replay["items"])
    assert replay["last_message_id"] == replay["items"][-1]["message_id"]
    assert inbox(platform, user, since=replay["last_message_id"])["items"] == []  # nothing twice


def _fail_a_task(platform: Platform, who: Account, workers: Workers) -> str:
    task_id = create_task(platform, who).json()["task_id"]
    auth = {"Authorization": f"Bearer {workers.token()}"}
    claim = requests.post(platform.api(f"/api/v1/tasks/{task_id}/claim"), headers=auth, timeout=10)
    assert claim.status_code == 200, claim.text
    failed = requests.post(platform.api(f"/api/v1/tasks/{task_id}/fail"), headers=auth, timeout=10, json={
        "lease_id": claim.json()["lease_id"], "error": {"code": "model-error", "message": "the model gave up"}})
    assert failed.status_code == 200, failed.text
    return task_id


def _mail_to(platform: Platform, address: str) -> list[dict[str, Any]]:
    return [m for m in platform.local("GET", "/_local/emails").json() if address in m["to"]]


def test_a_failed_task_sends_an_email_unless_turned_off(platform: Platform, user: Account,
                                                      workers: Workers) -> None:
    task_id = _fail_a_task(platform, user, workers)
    deadline = time.monotonic() + 20
    while not _mail_to(platform, user.email) and time.monotonic() < deadline:
        time.sleep(0.2)
    [mail] = _mail_to(platform, user.email)
    assert mail["template"] == "task-failed"
    assert task_id in mail["text"]
    assert "the model gave up" in mail["text"]
    assert "quota was given back" in mail["text"]
    turned_off = requests.put(platform.api("/api/v1/notifications/preferences"), headers=user.auth, timeout=10,
                              json={"email_enabled": False})
    assert turned_off.json() == {"email_enabled": False}
    second = _fail_a_task(platform, user, workers)
    deadline = time.monotonic() + 20
    while not any(m["task_id"] == second and m["type"] == "task.failed" for m in inbox(platform, user)["items"]):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert len(_mail_to(platform, user.email)) == 1  # the inbox has it, the mailbox does not


def test_batch_to_three_users_counts_sent_and_failed(platform: Platform, admin: Account, user: Account) -> None:
    others = [register_and_login(platform, "batch") for _ in range(2)]
    unknown = f"usr_{uuid.uuid4().hex[:26].upper()}"
    recipients = [user.user_id, *(o.user_id for o in others), unknown]
    started = requests.post(platform.api("/api/v1/notifications/batches"), headers=admin.auth, timeout=10, json={
        "title": "Maintenance tonight", "body": "02:00-02:15 UTC", "user_ids": recipients})
    assert started.status_code == 202, started.text
    batch_id = started.json()["batch_id"]
    deadline = time.monotonic() + 30
    while True:
        batch = requests.get(platform.api(f"/api/v1/notifications/batches/{batch_id}"), headers=admin.auth,
                             timeout=10).json()
        if batch["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (batch["status"], batch["total"], batch["sent"], batch["failed"]) == ("done", 4, 3, 1)
    for who in (user, *others):
        assert next(m["title"] for m in inbox(platform, who)["items"]) == "Maintenance tonight"
    assert requests.post(platform.api("/api/v1/notifications/batches"), headers=user.auth, timeout=10,
                         json={"title": "x", "all_users": True}).status_code == 403
    assert requests.post(platform.api("/api/v1/notifications/batches"), headers=admin.auth, timeout=10,
                         json={"title": "x"}).status_code == 422


def test_inbox_read_unread_and_delete(platform: Platform, user: Account) -> None:
    for title in ("one", "two", "three"):
        platform.invoke("notifications", "SendRealtime", {"user_id": user.user_id, "title": title})
    items = inbox(platform, user)["items"]
    assert [m["title"] for m in items] == ["three", "two", "one"]
    count = platform.api("/api/v1/notifications/inbox/unread-count")
    assert requests.get(count, headers=user.auth, timeout=10).json() == {"unread": 3}
    read = requests.post(platform.api(f"/api/v1/notifications/inbox/{items[0]['message_id']}/read"),
                         headers=user.auth, timeout=10)
    assert read.json()["read"] is True
    assert requests.get(count, headers=user.auth, timeout=10).json() == {"unread": 2}
    deleted = requests.delete(platform.api(f"/api/v1/notifications/inbox/{items[1]['message_id']}"),
                              headers=user.auth, timeout=10)
    assert deleted.status_code == 204
    assert requests.get(count, headers=user.auth, timeout=10).json() == {"unread": 1}
    assert requests.post(platform.api("/api/v1/notifications/inbox/read-all"), headers=user.auth,
                         timeout=10).json() == {"marked": 1}
    assert requests.get(count, headers=user.auth, timeout=10).json() == {"unread": 0}
    stranger = register_and_login(platform, "stranger")
    assert requests.post(platform.api(f"/api/v1/notifications/inbox/{items[2]['message_id']}/read"),
                         headers=stranger.auth, timeout=10).status_code == 404
    page = inbox(platform, user, limit=1)
    assert len(page["items"]) == 1
    assert page["next_cursor"]
    assert requests.get(platform.api("/api/v1/notifications/inbox"), params={"cursor": "garbage"},
                        headers=user.auth, timeout=10).status_code == 400
