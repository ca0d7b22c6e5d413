"""The load run's invariants judge what a platform stores: each holds on a consistent store and names what breaks
it (a check that cannot fail proves nothing)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from load import invariants
from load.invariants import Snapshot

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
USER = "USER#u1"


def consistent() -> Snapshot:
    """One user: two tasks (one succeeded, one failed and refunded), one stored file, one edited poster."""
    profile = {"pk": USER, "sk": "PROFILE", "period": "2026-12", "tasks_used": 1, "tasks_limit": 10,
               "tasks_remaining": 9, "storage_used": 70, "storage_limit": 1000, "storage_remaining": 930}
    ops = [{"pk": USER, "sk": "QUOTAOP#consume#tasks#t1#1", "amount": 1, "period": "2026-12"},
           {"pk": USER, "sk": "QUOTAOP#consume#tasks#t2#1", "amount": 1, "period": "2026-12"},
           {"pk": USER, "sk": "QUOTAOP#refund#tasks#t2#1", "amount": 1, "period": "2026-12"},
           {"pk": USER, "sk": "QUOTAOP#consume#tasks#old#1", "amount": 1, "period": "2026-11"},  # last month
           {"pk": USER, "sk": "QUOTAOP#consume#storage#f1", "amount": 70, "period": "2026-12"}]
    tasks = [{"pk": "TASK#t1", "sk": "META", "task_id": "t1", "status": "succeeded", "attempt": 1, "quota": "kept",
              "steps": {"25": {"progress": 25}, "70": {"progress": 70}}},
             {"pk": "TASK#t2", "sk": "META", "task_id": "t2", "status": "failed", "attempt": 1,
              "quota": "refunded"}]
    inbox = [{"pk": USER, "sk": "MSG#m1", "task_id": "t1", "type": "task.completed", "data": {"attempt": 1}},
             {"pk": USER, "sk": "MSG#m2", "task_id": "t2", "type": "task.failed", "data": {"attempt": 1}},
             {"pk": USER, "sk": "MSG#m3", "task_id": "t1", "type": "task.progress",
              "data": {"attempt": 1, "progress": 25}},
             {"pk": USER, "sk": "MSG#m4", "task_id": "t1", "type": "task.progress",
              "data": {"attempt": 1, "progress": 70}}]
    files = [{"pk": "FILE#f1", "sk": "META", "file_id": "f1", "user_id": "u1", "status": "stored", "size": 70,
              "key": "files/u1/f1.png"},
             {"pk": USER, "sk": "STATS", "bytes_total": 70, "files_total": 1, "bytes_image": 70}]
    posters = [{"pk": "POSTER#p1", "sk": "META", "poster_id": "p1", "version": 3, "title": "third"}]
    return Snapshot(users=[profile, *ops], tasks=tasks, files=files, posters=posters, inbox=inbox,
                    object_sizes={"files/u1/f1.png": 70}, dead_letters={"design-agent-load-x-dlq": 0})


ACKS: list[dict[str, Any]] = [
    {"kind": "edit", "poster_id": "p1", "etag": '"2"', "title": "second"},
    {"kind": "edit", "poster_id": "p1", "etag": '"3"', "title": "third"},
    {"kind": "task", "task_id": "t1"}, {"kind": "upload", "file_id": "f1", "size": 70}]


def broken(change: Any) -> Snapshot:
    snapshot = copy.deepcopy(consistent())
    change(snapshot)
    return snapshot


def test_a_consistent_store_passes_every_check() -> None:
    checks = invariants.check_all(consistent(), ACKS, [{"status": 201, "method": "POST", "path": "/api/v1/tasks"}])
    assert [(c.name, c.violations) for c in checks if not c.ok] == []
    assert all(c.checked for c in checks if c.name != "no 5xx answers")
    assert len(checks) == 8


def _set(items: list[dict[str, Any]], sk: str, **fields: Any) -> None:
    next(i for i in items if i["sk"] == sk).update(fields)


@pytest.mark.parametrize(("check", "change", "named"), [
    ("quota_ledger", lambda s: _set(s.users, "PROFILE", tasks_used=2, tasks_remaining=8), "tasks_used 2"),
    ("quota_ledger", lambda s: _set(s.users, "PROFILE", storage_remaining=1), "storage_remaining"),
    ("task_charges", lambda s: s.users.pop(3), "t2 quota refunded"),
    ("stored_files", lambda s: s.object_sizes.update({"files/u1/f1.png": 69}), "object 69 bytes"),
    ("stored_files", lambda s: _set(s.files, "STATS", bytes_total=71), "statistics 71"),
    ("stored_files", lambda s: _set(s.files, "META", status="pending"), "charged but pending"),
    ("notifications_once", lambda s: s.inbox.append({**s.inbox[0], "sk": "MSG#m9"}), "2 messages"),
    ("notifications_once", lambda s: s.inbox.pop(1), "no task.failed message"),
    ("notifications_once", lambda s: s.inbox.pop(2), "t1 attempt 1 step 25: no message"),
    ("notifications_once", lambda s: s.inbox.append({**s.inbox[3], "sk": "MSG#m8"}), "step 70: 2 messages"),
    ("dead_letters", lambda s: s.dead_letters.update({"design-agent-load-x-dlq": 2}), "x-dlq: 2"),
    ("acknowledged_edits", lambda s: _set(s.posters, "META", version=2), "at version 2"),
    ("acknowledged_edits", lambda s: _set(s.posters, "META", title="lost update"), "stale If-Match applied"),
])
def test_each_check_names_what_breaks_it(check: str, change: Any, named: str) -> None:
    snapshot = broken(change)
    function = getattr(invariants, check)
    result = function(snapshot, ACKS) if check in ("stored_files", "acknowledged_edits") else function(snapshot)
    assert not result.ok
    assert any(named in v for v in result.violations), result.violations


def test_tasks_must_be_terminal_or_held_by_a_live_lease_and_none_acknowledged_may_be_missing() -> None:
    live = {"pk": "TASK#t3", "sk": "META", "task_id": "t3", "status": "running", "attempt": 1,
            "lease_expires_at": (NOW + timedelta(seconds=30)).isoformat()}
    stale = {**live, "pk": "TASK#t4", "task_id": "t4", "lease_expires_at": (NOW - timedelta(seconds=1)).isoformat()}
    snapshot = broken(lambda s: s.tasks.extend([live, stale]))
    result = invariants.tasks_settled(snapshot, NOW, [*ACKS, {"kind": "task", "task_id": "gone"}])
    assert sorted(result.violations) == sorted([f"t4 running, lease {stale['lease_expires_at']}",
                                                "acknowledged task gone is missing"])


def test_5xx_fail_the_run_unless_a_fault_run_allows_their_status() -> None:
    log = [{"status": 503, "method": "GET", "path": "/api/v1/users/me"},
           {"status": 500, "method": "POST", "path": "/api/v1/tasks"},
           {"status": 502, "method": "GET", "path": "/console/"}]  # not the API
    assert invariants.server_errors(log).violations == ["503 GET /api/v1/users/me", "500 POST /api/v1/tasks"]
    assert invariants.server_errors(log, allowed=frozenset({503})).violations == ["500 POST /api/v1/tasks"]
