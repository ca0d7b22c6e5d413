"""SQS consumer of the dispatch DLQ: a task whose dispatch message no worker could finish is failed, refunded.

The message is the ``TaskQueued`` event as EventBridge delivered it. Idempotent (a task that already moved on
is left alone); partial batch failures."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.observability import logger, observed, use_correlation_id

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.work import end_undelivered
from functions.tasks.service import DISPATCH_QUEUE

processor = BatchProcessor(event_type=EventType.SQS)


def _fail(record: SQSRecord) -> None:
    detail = json.loads(record.body)["detail"]
    use_correlation_id("tasks", detail["metadata"].get("correlation_id"))
    data = detail["data"]
    reason = f"No worker finished the task in {DISPATCH_QUEUE.max_receive_count} deliveries"
    ended = end_undelivered(data["task_id"], int(data["attempt"]), reason, TasksDeps.from_env())
    logger("tasks").warning("undelivered task", extra={"task_id": data["task_id"], "failed": ended is not None})


@observed("tasks", correlation_id_path="Records[0].messageId", operation="FailUndeliveredTasks")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=_fail, processor=processor, context=context))
