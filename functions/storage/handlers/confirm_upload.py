"""SQS consumer of the files bucket's ObjectCreated notifications: confirm or reject each upload.

Partial batch failures: a record that raises is retried alone (and reaches the DLQ after the queue's
max receives); ``confirm`` is idempotent, so a duplicate delivery changes nothing.
"""

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from design_agent.observability import logger, observed

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import confirm

log = logger("storage")
processor = BatchProcessor(event_type=EventType.SQS)


def object_keys(body: str) -> list[str]:
    """Keys of the created objects in one S3 notification (S3's test event has none)."""
    event = json.loads(body)
    return [unquote_plus(r["s3"]["object"]["key"]) for r in event.get("Records", [])
            if str(r.get("eventName", "")).startswith("ObjectCreated")]


def _confirm_record(record: SQSRecord) -> None:
    deps = StorageDeps.from_env()
    for key in object_keys(record.body):
        result = confirm(key, deps)
        log.info("upload checked", extra={"key": key, "status": result.status if result else "orphan",
                                          "reason": result.reason if result else None})


@observed("storage", correlation_id_path="Records[0].messageId", operation="ConfirmUpload")
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = process_partial_response(event=event, record_handler=_confirm_record, processor=processor,
                                        context=context)
    return dict(response)
