"""The media-jobs table's stream as an outbox: queue each new item, complete a job whose items all finished,
publish ``MediaJobCompleted`` when it did. A failure fails the record and the stream retries it (partial
batch); what it does is idempotent (a duplicate message is skipped by the item's claim, a completed job is
not completed twice, event ids derive from the stream record)."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from design_agent.contracts.media import MediaJobCompleted
from design_agent.events import EventPublisher, envelope
from design_agent.observability import logger, observed

from functions.media.dal.jobs import is_meta, item_from_item, job_from_item
from functions.media.deps import MediaDeps
from functions.media.logic.outbox import Complete, Enqueue, item_actions, job_actions
from functions.media.service import ITEMS_QUEUE

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def _apply(record: DynamoDBRecord) -> None:
    raw = record.raw_event.get("dynamodb", {})
    keys = raw.get("Keys", {})
    old, new = raw.get("OldImage"), raw.get("NewImage")
    if is_meta(keys):
        actions = job_actions(job_from_item(old) if old else None, job_from_item(new) if new else None)
    else:
        actions = item_actions(item_from_item(old) if old else None, item_from_item(new) if new else None)
    if not actions:
        return
    deps = MediaDeps.from_env()
    request = (new or {}).get("correlation_id", {}).get("S")  # the request that created the job
    for action in actions:
        if isinstance(action, Enqueue):
            deps.clients.client("sqs").send_message(
                QueueUrl=deps.settings.queue_url(ITEMS_QUEUE),
                MessageBody=json.dumps({"job_id": action.job_id, "index": action.index, "correlation_id": request}))
        elif isinstance(action, Complete):
            deps.jobs.complete(action.job_id, deps.clock())
        elif isinstance(action, MediaJobCompleted):
            publisher = EventPublisher(deps.settings.bus_name, "media", deps.clients)
            publisher.publish([envelope(action, publisher.source, event_id=f"evt_{record.event_id}",
                                        correlation_id=request)])
            logger("media").info("job completed", extra={"job_id": action.job_id, "succeeded": action.succeeded,
                                                          "failed": action.failed})


@observed("media", correlation_id_path="Records[0].eventID", operation="PublishMediaJobs")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_apply, processor=processor, context=context))
