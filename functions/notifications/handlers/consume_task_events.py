"""SQS consumer of task events (a rule routes them from the bus): inbox message + realtime push (+ e-mail).

Idempotent by event id (the inbox's event marker; one id per progress step); every step reaches the client
once and in order although a standard queue may reorder: an update that overtook an earlier one delivers the
earlier one first (from its ``steps``), and the earlier one, when it comes, is dropped as already seen; partial
batch failures, so one bad record is retried alone and, after the queue's receives, lands in its DLQ."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.contracts.tasks import TaskEvent, event_model
from design_agent.observability import logger, observed, use_correlation_id

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.deliver import notify
from functions.notifications.logic.task_events import TERMINAL_POSITION, in_order, note_for, position

processor = BatchProcessor(event_type=EventType.SQS)


def _consume(record: SQSRecord) -> None:
    event = json.loads(record.body)
    detail = event["detail"]
    use_correlation_id("notifications", detail["metadata"].get("correlation_id"))  # the request behind it
    task_event = event_model(event["detail-type"]).model_validate(detail["data"])
    if note_for(task_event) is None:
        return
    deps = NotificationsDeps.from_env()
    delivered = deps.inbox.delivered(task_event.user_id, task_event.task_id, task_event.attempt)
    for update, event_id in in_order(task_event, detail["metadata"]["event_id"], delivered):
        _deliver(update, event_id, deps)


def _deliver(update: TaskEvent, event_id: str, deps: NotificationsDeps) -> None:
    at = position(update)
    newer = deps.inbox.advance(update.user_id, update.task_id, update.attempt, at, event_id)
    if not newer and at != TERMINAL_POSITION:
        return  # a progress update the user has been shown already
    # (an attempt's end is delivered even if seen: a redelivery may still owe its e-mail; the event id dedupes)
    note = note_for(update)
    if note is None:
        return
    message = notify(update.user_id, note, deps, event_id=event_id)
    logger("notifications").info("task event delivered", extra={
        "event_type": update.event_type, "task_id": update.task_id, "progress": getattr(update, "progress", None),
        "duplicate": message is None})


@observed("notifications", correlation_id_path="Records[0].messageId", operation="ConsumeTaskEvents")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_consume, processor=processor,
                                         context=context))
