"""Workers: a lease runs out (the worker died) and another worker claims the task. Its first progress report starts
again from 0 — before, that was 409 "progress cannot go back" and the reference worker dropped the task, which
then waited for the sweep and failed. Progress belongs to the lease; clients are never shown it going back."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from design_agent import errors
from design_agent.contracts.tasks import TaskProgressed

from functions.tasks.deps import TasksDeps
from functions.tasks.logic import lifecycle, work
from functions.tasks.logic.outbox import events_for
from functions.tasks.models.api import CompleteRequest, ProgressRequest
from tests.unit.test_tasks_logic import WORKER, Clock, request, result

pytest_plugins = ["tests.unit.test_tasks_logic"]  # its deps, clock and user fixtures


def _progress(deps: TasksDeps, task_id: str, lease: str, value: int, worker: str = WORKER) -> tuple[int, int]:
    out = work.progress(task_id, worker, ProgressRequest(lease_id=lease, progress=value, stage=f"at {value}"), deps)
    return out.progress, out.lease_progress


def test_a_new_holder_starts_from_zero_and_clients_never_see_progress_go_back(deps: TasksDeps, user: str,
                                                                              clock: Clock) -> None:
    task_id = lifecycle.create(user, request(), deps).task_id
    first = work.claim(task_id, WORKER, deps)
    assert _progress(deps, task_id, first.lease_id, 45) == (45, 45)
    shown = [deps.tasks.get(task_id)]
    clock.now += timedelta(seconds=deps.settings.task_lease_s + 1)  # the first worker died: its lease runs out
    second = work.claim(task_id, "cli_worker2", deps)
    assert second.task.progress == 45  # what the user sees stays
    # the new holder reports from the start: accepted, the lease renewed, the user still sees 45
    assert _progress(deps, task_id, second.lease_id, 5, "cli_worker2") == (45, 5)
    assert _progress(deps, task_id, second.lease_id, 25, "cli_worker2") == (45, 25)
    shown.append(deps.tasks.get(task_id))
    assert shown[-1].stage == "at 45"  # type: ignore[union-attr]  # the stage goes with what is shown
    assert _progress(deps, task_id, second.lease_id, 70, "cli_worker2") == (70, 70)
    shown.append(deps.tasks.get(task_id))
    # within one lease progress still only goes up
    with pytest.raises(errors.Conflict) as backwards:
        _progress(deps, task_id, second.lease_id, 60, "cli_worker2")
    assert backwards.value.extra["reason"] == "progress-went-back"
    # the dead worker's lease is gone for good
    with pytest.raises(errors.Conflict) as lost:
        _progress(deps, task_id, first.lease_id, 90)
    assert lost.value.extra["reason"] == "lease-lost"
    finish = CompleteRequest(lease_id=second.lease_id, result=result(task_id))
    done = work.complete(task_id, "cli_worker2", finish, deps)
    shown.append(done)
    # the events the stream makes of these changes: progress only ever goes up within the attempt
    progressed = [e.progress for old, new in itertools.pairwise(shown)
                  for e in events_for(old, new) if isinstance(e, TaskProgressed)]
    assert progressed == [70]  # the catch-up to 25 changed nothing a client sees


def test_a_new_holders_catch_up_renews_its_lease(deps: TasksDeps, user: str, clock: Clock) -> None:
    task_id = lifecycle.create(user, request(), deps).task_id
    first = work.claim(task_id, WORKER, deps)
    _progress(deps, task_id, first.lease_id, 80)
    clock.now += timedelta(seconds=deps.settings.task_lease_s + 1)
    second = work.claim(task_id, "cli_worker2", deps)
    before = deps.tasks.get(task_id)
    clock.now += timedelta(seconds=deps.settings.task_lease_s // 2)
    _progress(deps, task_id, second.lease_id, 10, "cli_worker2")
    after = deps.tasks.get(task_id)
    assert before is not None
    assert after is not None
    assert before.lease_expires_at is not None
    assert after.lease_expires_at is not None
    assert after.lease_expires_at > before.lease_expires_at  # so nobody else takes it over meanwhile
    with pytest.raises(errors.Conflict):  # and it is still held: a third claim is refused
        work.claim(task_id, "cli_worker3", deps)
