"""Domain events: a versioned envelope on the platform's EventBridge bus.

``detail-type`` is the event name (``TaskCreated``), ``source`` is
``design-agent.<service>``, and the detail is::

    {"metadata": {"event_id", "event_type", "version", "source", "occurred_at", "correlation_id"},
     "data": {...the event's own pydantic model...}}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients, aws
from design_agent.ids import new_id

MAX_ENTRIES_PER_PUT = 10


class DomainEvent(BaseModel):
    """Base of every event's data model; subclasses set the name and schema version."""

    event_type: ClassVar[str]
    version: ClassVar[int] = 1


class EventMetadata(BaseModel):
    event_id: str = Field(default_factory=lambda: new_id("event"))
    event_type: str
    version: int
    source: str
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    correlation_id: str | None = None


class Envelope(BaseModel):
    metadata: EventMetadata
    data: dict[str, Any]


def envelope(event: DomainEvent, source: str, *, event_id: str | None = None,
             correlation_id: str | None = None) -> Envelope:
    meta = EventMetadata(event_type=event.event_type, version=event.version, source=source,
                         correlation_id=correlation_id)
    if event_id:
        meta.event_id = event_id
    return Envelope(metadata=meta, data=event.model_dump(mode="json"))


class PublishFailed(RuntimeError):
    """Some entries were not accepted by the bus; the caller retries (the stream redelivers)."""


class EventPublisher:
    def __init__(self, bus_name: str, service: str, clients: AwsClients | None = None) -> None:
        self._bus = bus_name
        self._source = f"design-agent.{service}"
        self._clients = clients or aws()

    @property
    def source(self) -> str:
        return self._source

    def publish(self, events: Sequence[Envelope]) -> None:
        for start in range(0, len(events), MAX_ENTRIES_PER_PUT):
            chunk = events[start:start + MAX_ENTRIES_PER_PUT]
            entries = [{
                "EventBusName": self._bus,
                "Source": self._source,
                "DetailType": env.metadata.event_type,
                "Detail": json.dumps(env.model_dump(mode="json")),
            } for env in chunk]
            result = self._clients.client("events").put_events(Entries=entries)
            if result.get("FailedEntryCount"):
                failed = [e for e in result.get("Entries", []) if e.get("ErrorCode")]
                raise PublishFailed(f"{len(failed)} of {len(entries)} events were refused: {failed[:3]}")
