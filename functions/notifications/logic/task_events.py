"""Task events become notifications: progress (pushed, kept read), completion, failure (+ e-mail), cancel."""

from __future__ import annotations

from design_agent.contracts.tasks import (
    ProgressStep,
    TaskCancelled,
    TaskCompleted,
    TaskEvent,
    TaskFailed,
    TaskProgressed,
)

from functions.notifications.logic.deliver import Mail, Note
from functions.notifications.service import TASK_COMPLETED_MAIL, TASK_FAILED_MAIL

TERMINAL_POSITION = 101  # after any progress value


def position(event: TaskEvent) -> int:
    """Where an update stands in its attempt: its progress, or past every progress once the attempt ended."""
    return event.progress if isinstance(event, TaskProgressed) else TERMINAL_POSITION


def step_event_id(task_id: str, attempt: int, progress: int) -> str:
    """One id per step of an attempt, whichever event brings it: its own, or a later one that fills the gap."""
    return f"{task_id}#{attempt}#progress#{progress}"


def in_order(event: TaskEvent, event_id: str, delivered: int) -> list[tuple[TaskEvent, str]]:
    """What to deliver for ``event``, in order, with the id each is deduplicated by: the steps of its attempt
    from ``delivered`` (how far the user has been shown; that step again, in case its delivery was cut short)
    up to the event, then the event. A standard queue may bring an update before an earlier one; the earlier
    one is delivered from the later one's ``steps`` and, when it comes itself, is refused as already seen."""
    at = position(event)
    earlier = [_progressed(event, step) for step in event.steps if delivered <= step.progress < at]
    own = step_event_id(event.task_id, event.attempt, at) if isinstance(event, TaskProgressed) else event_id
    return [*((step, step_event_id(step.task_id, step.attempt, step.progress)) for step in earlier), (event, own)]


def _progressed(event: TaskEvent, step: ProgressStep) -> TaskProgressed:
    common = event.model_dump(include={"task_id", "user_id", "task_type", "title", "attempt"})
    return TaskProgressed(**common, status="running", occurred_at=step.at, progress=step.progress,
                          stage=step.stage)


def note_for(event: TaskEvent) -> Note | None:
    base = {"task_id": event.task_id, "status": event.status, "attempt": event.attempt,
            "occurred_at": event.occurred_at.isoformat()}
    if isinstance(event, TaskProgressed):
        return Note(type="task.progress", title=f"{event.title}: {event.progress}%", body=event.stage or "",
                    data={**base, "progress": event.progress, "stage": event.stage}, task_id=event.task_id,
                    read=True)
    if isinstance(event, TaskCompleted):
        result = event.result.model_dump(mode="json", exclude_none=True)
        # the poster, not its preview's download URL: that one expires within DOWNLOAD_URL_TTL_S (decision 46),
        # long before most mail is read
        link = f"/designs/posters/{event.result.poster_id}"
        return Note(type="task.completed", title=f"Your poster is ready: {event.title}",
                    data={**base, "progress": 100, "result": result}, task_id=event.task_id,
                    mail=Mail(TASK_COMPLETED_MAIL, {"title": event.title, "link": link}))
    if isinstance(event, TaskFailed):
        note = "The task's quota was given back." if event.quota_refunded else ""
        return Note(type="task.failed", title=f"Generation failed: {event.title}", body=event.error.message,
                    data={**base, "error": event.error.model_dump(), "quota_refunded": event.quota_refunded,
                          "retryable": event.retryable}, task_id=event.task_id,
                    mail=Mail(TASK_FAILED_MAIL, {"title": event.title, "task_id": event.task_id,
                                                 "reason": event.error.message, "quota_note": note}))
    if isinstance(event, TaskCancelled):
        return Note(type="task.cancelled", title=f"Cancelled: {event.title}",
                    data={**base, "quota_refunded": event.quota_refunded}, task_id=event.task_id)
    return None
