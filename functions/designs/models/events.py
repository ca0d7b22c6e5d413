"""Domain events of the Design service."""

from __future__ import annotations

from design_agent.events import DomainEvent


class PosterDeleted(DomainEvent):
    """A poster and its document are gone; Storage may drop files that only it used."""

    event_type = "PosterDeleted"
    version = 1

    poster_id: str
    owner_id: str
    preview_file_id: str | None = None
    task_id: str | None = None
