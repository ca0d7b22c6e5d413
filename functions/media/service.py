"""The Media service as data: background removal, smart crop, watermarks and batch jobs (seed 3.9).

Its functions carry a second layer with OpenCV and numpy (``layer="media"``), which no other service needs.
"""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Index,
    Operation,
    Queue,
    Service,
    Table,
    TableAccess,
    Trigger,
    handler_in,
    health_operation,
)

# pk JOB#<job_id>: sk META (the job, its counters) and ITEM#<index> (one per item); jobs by user in gsi1
JOBS_TABLE = Table(name="media-jobs", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),), ttl="expires_at",
                   stream="NEW_AND_OLD_IMAGES")  # the outbox: items are enqueued and completion published from it
# one message per item; its function's timeout is 180 s, so a message stays invisible longer than one attempt
ITEMS_QUEUE = Queue("media-items", visibility_timeout_s=360, max_receive_count=3, oldest_message_alarm_s=900)

_H = "functions.media.handlers"
_P = "/api/v1/media"
_READ: dict[str, TableAccess] = {"media-jobs": "read"}
_WRITE: dict[str, TableAccess] = {"media-jobs": "write"}
_STORE = ("storage.ResolveFile", "storage.BeginStore", "storage.FinishStore")
_HEAVY = {"timeout_s": 29, "memory_mb": 3008, "layer": "media"}  # API Gateway answers within 29 s


def _op(name: str, method: str, path: str, **kw: object) -> Operation:
    return Operation(name, handler_in(_H, name), method=method, path=path, **kw)  # type: ignore[arg-type]


SERVICE = Service(
    name="media",
    tables=(JOBS_TABLE,),
    queues=(ITEMS_QUEUE,),
    operations=(
        _op("RemoveBackground", "POST", f"{_P}/remove-background", invokes=_STORE, **_HEAVY),
        _op("SmartCrop", "POST", f"{_P}/smart-crop", invokes=_STORE, **_HEAVY),
        _op("AddWatermark", "POST", f"{_P}/watermark", invokes=_STORE, **_HEAVY),
        _op("CreateBatchJob", "POST", f"{_P}/jobs", tables=_WRITE, invokes=("storage.ResolveFiles",)),
        _op("ListBatchJobs", "GET", f"{_P}/jobs", tables=_READ, secrets=PAGES),
        _op("GetBatchJob", "GET", f"{_P}/jobs/{{job_id}}", tables=_READ, invokes=("storage.ResolveFiles",)),
        Operation("PublishMediaJobs", f"{_H}.publish_media_jobs", trigger=Trigger.STREAM, source=JOBS_TABLE.name,
                  tables=_WRITE, sends=(ITEMS_QUEUE.name,), publishes=True, batch_size=50,
                  retry_attempts=-1),  # an outbox: retried until every item is queued and every event published
        Operation("ProcessMediaItem", f"{_H}.process_media_item", trigger=Trigger.QUEUE, source=ITEMS_QUEUE.name,
                  tables=_WRITE, invokes=_STORE, batch_size=1, timeout_s=180, memory_mb=3008, layer="media"),
        Operation("FailMediaItems", f"{_H}.fail_media_items", trigger=Trigger.QUEUE, source=ITEMS_QUEUE.dlq,
                  tables=_WRITE, batch_size=10, timeout_s=60),
        health_operation("media", (JOBS_TABLE,), (ITEMS_QUEUE,)),
    ),
)
