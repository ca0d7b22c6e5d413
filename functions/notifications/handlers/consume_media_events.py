"""SQS consumer of media events (a rule routes ``MediaJobCompleted`` from the bus): an inbox message and a
realtime push to the job's owner. Idempotent by event id; partial batch failures."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.contracts.media import MediaJobCompleted
from design_agent.observability import logger, observed, use_correlation_id

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.deliver import notify
from functions.notifications.logic.media_events import note_for

processor = BatchProcessor(event_type=EventType.SQS)


def _consume(record: SQSRecord) -> None:
    detail = json.loads(record.body)["detail"]
    use_correlation_id("notifications", detail["metadata"].get("correlation_id"))
    event = MediaJobCompleted.model_validate(detail["data"])
    message = notify(event.user_id, note_for(event), NotificationsDeps.from_env(),
                     event_id=detail["metadata"]["event_id"])
    logger("notifications").info("media event delivered", extra={"job_id": event.job_id,
                                                                  "duplicate": message is None})


@observed("notifications", correlation_id_path="Records[0].messageId", operation="ConsumeMediaEvents")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_consume, processor=processor,
                                         context=context))
