"""Media events become notifications: a finished batch job (inbox message + realtime push)."""

from __future__ import annotations

from design_agent.contracts.media import MediaJobCompleted

from functions.notifications.logic.deliver import Note


def note_for(event: MediaJobCompleted) -> Note:
    done = f"{event.succeeded} of {event.total} images processed"
    return Note(type="media.job.completed", title=f"Your batch is done: {done}",
                body=f"{event.failed} failed; see the job for their reasons." if event.failed else "",
                data={"job_id": event.job_id, "total": event.total, "succeeded": event.succeeded,
                      "failed": event.failed, "completed_at": event.completed_at.isoformat()})
