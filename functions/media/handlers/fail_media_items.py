"""SQS consumer of the items queue's DLQ: an item whose message ran out of receives is failed with a reason,
so its job still completes (and its user is told)."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.observability import observed

from functions.media.deps import MediaDeps
from functions.media.logic.jobs import give_up

processor = BatchProcessor(event_type=EventType.SQS)


def _fail(record: SQSRecord) -> None:
    message = json.loads(record.body)
    give_up(message["job_id"], int(message["index"]), MediaDeps.from_env())


@observed("media", correlation_id_path="Records[0].messageId", operation="FailMediaItems")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_fail, processor=processor, context=context))
