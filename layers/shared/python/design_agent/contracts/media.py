"""Events of the Media service (published from its jobs table's stream)."""

from __future__ import annotations

from datetime import datetime

from design_agent.events import DomainEvent

EVENT_SOURCE = "design-agent.media"


class MediaJobCompleted(DomainEvent):
    """Every item of a batch job has finished (succeeded or failed); the Notification service tells the user."""

    event_type = "MediaJobCompleted"

    job_id: str
    user_id: str
    total: int
    succeeded: int
    failed: int
    created_at: datetime
    completed_at: datetime


MEDIA_EVENTS: tuple[type[DomainEvent], ...] = (MediaJobCompleted,)
