"""Workers over real HTTP and real processes: a worker claims a task, gets part of the way, and is killed; after its
lease another worker takes the task over from 0 and completes it. Before, the new holder's first progress report
was refused (409 "progress cannot go back"), it dropped the task, and the task waited for the sweep to fail it."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import TASK_LEASE_S, Account, Platform
from tests.integration.tasks_support import EventTap, Workers, create_task, ended, wait_status


def _progress_seen(events: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(e["detail"]["data"]["attempt"], e["detail"]["data"]["progress"]) for e in events
            if e["detail-type"] == "TaskProgressed"]


def test_a_killed_workers_task_finishes_on_another_worker(platform: Platform, user: Account, workers: Workers,
                                                          tap: EventTap) -> None:
    slow = workers.start(1, step_delay_s=1.0)
    task_id = create_task(platform, user).json()["task_id"]
    # well past the first steps, so the next holder's reports start below what the user was shown
    wait_status(platform, user, task_id, lambda s: s["status"] == "running" and s["progress"] >= 25, timeout_s=60)
    slow.processes[0].kill()  # SIGKILL: no goodbye; its message comes back once its lease has run out
    slow.processes[0].wait()
    workers.start(1)
    done = wait_status(platform, user, task_id, ended, timeout_s=TASK_LEASE_S + 60)
    assert done["status"] == "succeeded", done
    events = tap.wait_for(task_id, "TaskCompleted")
    types = [e["detail-type"] for e in events]
    assert (types.count("TaskStarted"), types.count("TaskCompleted"), types.count("TaskFailed")) == (2, 1, 0)
    seen = _progress_seen(events)
    assert seen == sorted(seen), seen  # within the attempt, what users are shown never goes back
    assert not [line for line in workers.log() if line.get("message") == "stopped"]  # nobody dropped the task
