"""SQS consumer of task events (a rule routes them from the bus): inbox message + realtime push (+ e-mail).

Idempotent by event id (the inbox's event marker); progress never goes back for a client (a standard queue
may reorder, so an update older than one already delivered for the task is dropped); partial batch failures,
so one bad record is retried alone and, after the queue's receives, lands in its DLQ."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.contracts.tasks import event_model
from design_agent.observability import logger, observed, use_correlation_id

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.deliver import notify
from functions.notifications.logic.task_events import TERMINAL_POSITION, note_for, position

processor = BatchProcessor(event_type=EventType.SQS)


def _consume(record: SQSRecord) -> None:
    event = json.loads(record.body)
    detail = event["detail"]
    use_correlation_id("notifications", detail["metadata"].get("correlation_id"))  # the request behind it
    task_event = event_model(event["detail-type"]).model_validate(detail["data"])
    note = note_for(task_event)
    if note is None:
        return
    deps = NotificationsDeps.from_env()
    event_id = detail["metadata"]["event_id"]
    at = position(task_event)
    newer = deps.inbox.advance(task_event.user_id, task_event.task_id, task_event.attempt, at, event_id)
    if not newer and at != TERMINAL_POSITION:
        return  # a progress update older than one the user has seen already
    # (an attempt's end is delivered even if seen: a redelivery may still owe its e-mail; the event id dedupes)
    message = notify(task_event.user_id, note, deps, event_id=event_id)
    logger("notifications").info("task event delivered", extra={
        "event_type": event["detail-type"], "task_id": task_event.task_id, "duplicate": message is None})


@observed("notifications", correlation_id_path="Records[0].messageId", operation="ConsumeTaskEvents")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_consume, processor=processor,
                                         context=context))
