"""The Storage service as data: files in S3 with exact quota accounting (seed 3.5)."""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Bucket,
    BucketAccess,
    Index,
    Operation,
    Queue,
    Service,
    Table,
    TableAccess,
    Trigger,
    health_operation,
)

FILES_TABLE = Table(
    name="storage",
    indexes=(
        Index("gsi1", "gsi1pk", "gsi1sk"),  # a user's stored files, newest first
        Index("gsi2", "gsi2pk", "gsi2sk"),  # a user's stored files of one kind
        Index("gsi3", "gsi3pk", "gsi3sk"),  # records the sweep must look at (pending / deleting), by due time
    ),
    ttl="expires_at",
)
UPLOAD_EVENTS = Queue("upload-events", visibility_timeout_s=60, max_receive_count=5)
INCOMING_PREFIX = "incoming/"
FILES_BUCKET = Bucket("files", browser_upload=True, notify_queue=UPLOAD_EVENTS.name, notify_prefix=INCOMING_PREFIX,
                      expire_prefix=INCOMING_PREFIX, expire_days=1, cdn=True)

_H = "functions.storage.handlers"
_READ: dict[str, TableAccess] = {"storage": "read"}
_WRITE: dict[str, TableAccess] = {"storage": "write"}
_BUCKET_READ: dict[str, BucketAccess] = {"files": "read"}
_BUCKET_WRITE: dict[str, BucketAccess] = {"files": "write"}

SERVICE = Service(
    name="storage",
    tables=(FILES_TABLE,),
    queues=(UPLOAD_EVENTS,),
    buckets=(FILES_BUCKET,),
    layer_groups=("tokens",),  # cryptography: CloudFront signed URLs (RSA) in a stage with a CDN
    operations=(
        Operation("GetUploadToken", f"{_H}.get_upload_token", method="POST", path="/api/v1/storage/upload-tokens",
                  tables=_WRITE, buckets=_BUCKET_WRITE, invokes=("users.ReadQuota",)),
        Operation("UploadFile", f"{_H}.upload_file", method="POST", path="/api/v1/storage/files",
                  tables=_WRITE, buckets=_BUCKET_WRITE, invokes=("users.ConsumeQuota", "users.RefundQuota"),
                  timeout_s=29, memory_mb=1024),
        Operation("ListFiles", f"{_H}.list_files", method="GET", path="/api/v1/storage/files", tables=_READ,
                  secrets=PAGES),
        Operation("GetFile", f"{_H}.get_file", method="GET", path="/api/v1/storage/files/{file_id}",
                  tables=_READ, buckets=_BUCKET_READ),
        Operation("DeleteFile", f"{_H}.delete_file", method="DELETE", path="/api/v1/storage/files/{file_id}",
                  tables=_WRITE, buckets=_BUCKET_WRITE, invokes=("users.RefundQuota",)),
        Operation("GetStorageStats", f"{_H}.get_storage_stats", method="GET", path="/api/v1/storage/stats",
                  tables=_READ, invokes=("users.ReadQuota",)),
        Operation("ConfirmUpload", f"{_H}.confirm_upload", trigger=Trigger.QUEUE, source=UPLOAD_EVENTS.name,
                  tables=_WRITE, buckets=_BUCKET_WRITE, invokes=("users.ConsumeQuota",), timeout_s=50,
                  memory_mb=1024, batch_size=10),
        Operation("SweepUploads", f"{_H}.sweep_uploads", trigger=Trigger.SCHEDULE, schedule_minutes=15,
                  tables=_WRITE, buckets=_BUCKET_WRITE, invokes=("users.RefundQuota",), timeout_s=300),
        Operation("StoreFile", f"{_H}.store_file", trigger=Trigger.INTERNAL, tables=_WRITE, buckets=_BUCKET_WRITE,
                  invokes=("users.ConsumeQuota", "users.RefundQuota"), timeout_s=60, memory_mb=1024),
        Operation("BeginStore", f"{_H}.begin_store", trigger=Trigger.INTERNAL, tables=_WRITE,
                  buckets=_BUCKET_WRITE, invokes=("users.ReadQuota",)),
        Operation("FinishStore", f"{_H}.finish_store", trigger=Trigger.INTERNAL, tables=_WRITE,
                  buckets=_BUCKET_WRITE, invokes=("users.ConsumeQuota",), timeout_s=60, memory_mb=1024),
        Operation("ResolveFile", f"{_H}.resolve_file", trigger=Trigger.INTERNAL, tables=_READ,
                  buckets=_BUCKET_READ),
        Operation("ResolveFiles", f"{_H}.resolve_files", trigger=Trigger.INTERNAL, tables=_READ,
                  buckets=_BUCKET_READ),
        health_operation("storage", (FILES_TABLE,), (UPLOAD_EVENTS,)),
    ),
)
