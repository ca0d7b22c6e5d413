"""SQS consumer of batch chunks: deliver one chunk (and queue the next page of "everyone")."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.observability import logger, observed

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.batches import deliver_chunk

processor = BatchProcessor(event_type=EventType.SQS)


def _deliver(record: SQSRecord) -> None:
    batch = deliver_chunk(json.loads(record.body), NotificationsDeps.from_env())
    if batch is not None:
        logger("notifications").info("batch chunk delivered", extra={
            "batch_id": batch.batch_id, "sent": batch.sent, "failed": batch.failed, "status": batch.status})


@observed("notifications", correlation_id_path="Records[0].messageId", operation="DeliverBatch")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_deliver, processor=processor,
                                         context=context))
