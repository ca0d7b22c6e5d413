"""The media-jobs table's stream as an outbox: what each change stands for.

* an item inserted -> one message on the items queue;
* a job whose last item finished (nothing remains) -> mark it completed;
* a job that became completed -> ``MediaJobCompleted`` on the bus.
"""

from __future__ import annotations

from dataclasses import dataclass

from design_agent.contracts.media import MediaJobCompleted

from functions.media.models.domain import Item, Job


@dataclass(frozen=True)
class Enqueue:
    job_id: str
    index: int


@dataclass(frozen=True)
class Complete:
    job_id: str


Action = Enqueue | Complete | MediaJobCompleted


def job_actions(old: Job | None, new: Job | None) -> list[Action]:
    if new is None:
        return []
    if new.status != "completed":
        return [Complete(new.job_id)] if new.remaining <= 0 else []
    if old is not None and old.status == "completed":
        return []
    return [MediaJobCompleted(job_id=new.job_id, user_id=new.user_id, total=new.total, succeeded=new.succeeded,
                              failed=new.failed, created_at=new.created_at,
                              completed_at=new.completed_at or new.created_at)]


def item_actions(old: Item | None, new: Item | None) -> list[Action]:
    return [Enqueue(new.job_id, new.index)] if old is None and new is not None else []
