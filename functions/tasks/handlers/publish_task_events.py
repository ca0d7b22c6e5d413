"""The Tasks table's stream as an outbox: each state change becomes its task events on the bus.

Event ids derive from the stream record's id, so a redelivered record publishes the same ids (consumers are
idempotent by event id); a failed publish fails the record and the stream retries it (partial batch)."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from design_agent.events import EventPublisher, envelope
from design_agent.observability import logger, observed
from design_agent.settings import Settings

from functions.tasks.dal.tasks import task_from_item
from functions.tasks.logic.outbox import events_for

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def _publish(record: DynamoDBRecord) -> None:
    raw = record.raw_event.get("dynamodb", {})
    old, new = (task_from_item(raw[k]) if raw.get(k) else None for k in ("OldImage", "NewImage"))
    events = events_for(old, new)
    if not events:
        return
    publisher = EventPublisher(Settings.from_env().bus_name, "tasks")
    request = raw.get("NewImage", {}).get("correlation_id", {}).get("S")  # the request that made the change
    publisher.publish([envelope(event, publisher.source, event_id=f"evt_{record.event_id}_{n}",
                                correlation_id=request) for n, event in enumerate(events)])
    logger("tasks").info("published", extra={"task_id": events[0].task_id, "request_correlation_id": request,
                                             "event_types": [e.event_type for e in events]})


@observed("tasks", correlation_id_path="Records[0].eventID", operation="PublishTaskEvents")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_publish, processor=processor, context=context))
