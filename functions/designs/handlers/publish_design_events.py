"""The Designs table's stream as an outbox: a removed poster becomes a ``PosterDeleted`` event on the bus.

The event id is the stream record's id, so a redelivered record publishes the same event (consumers are
idempotent by event id); a failed publish fails the record and the stream retries it (partial batch)."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from design_agent.dynamo import from_item
from design_agent.events import EventPublisher, envelope
from design_agent.observability import logger, observed
from design_agent.settings import Settings

from functions.designs.models.events import PosterDeleted

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def _publish(record: DynamoDBRecord) -> None:
    raw = record.raw_event.get("dynamodb", {})
    if record.raw_event.get("eventName") != "REMOVE" or raw.get("Keys", {}).get("sk", {}).get("S") != "META":
        return
    old = from_item(raw.get("OldImage") or {})
    if not str(old.get("pk", "")).startswith("POSTER#"):
        return
    event = PosterDeleted(poster_id=old["poster_id"], owner_id=old["owner_id"],
                          preview_file_id=old.get("preview_file_id"), task_id=old.get("task_id"))
    settings = Settings.from_env()
    publisher = EventPublisher(settings.bus_name, "designs")
    publisher.publish([envelope(event, publisher.source, event_id=f"evt_{record.event_id}")])
    logger("designs").info("published", extra={"event_type": event.event_type, "poster_id": event.poster_id})


@observed("designs", correlation_id_path="Records[0].eventID", operation="PublishDesignEvents")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_publish, processor=processor, context=context))
