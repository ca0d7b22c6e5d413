"""SQS consumer of the items queue: work one batch item (claim, process, store, count).

A bad input fails the item with its reason; any other error fails the record, so the queue retries it
and, after its receives, moves it to the DLQ (``FailMediaItems``). Redeliveries change nothing."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.observability import logger, observed, use_correlation_id

from functions.media.deps import MediaDeps
from functions.media.logic.work import process_item

processor = BatchProcessor(event_type=EventType.SQS)


def _work(record: SQSRecord) -> None:
    message = json.loads(record.body)
    use_correlation_id("media", message.get("correlation_id"))
    outcome = process_item(message["job_id"], int(message["index"]), MediaDeps.from_env())
    logger("media").info("item worked", extra={"job_id": message["job_id"], "index": message["index"],
                                               "outcome": outcome})


@observed("media", correlation_id_path="Records[0].messageId", operation="ProcessMediaItem")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_work, processor=processor, context=context))
