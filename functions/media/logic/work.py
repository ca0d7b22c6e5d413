"""Working one batch item: claim it, run its operations on its file, store the result, count it on its job.

Only the functions with the media layer import this (it pulls in OpenCV through the operations)."""

from __future__ import annotations

from design_agent import errors
from design_agent.ids import derived_ulid
from pydantic import TypeAdapter, ValidationError

from functions.media.deps import MediaDeps
from functions.media.logic.operations import process_file
from functions.media.models.api import ItemError, Step
from functions.media.service import ITEMS_QUEUE

_STEPS: TypeAdapter[list[Step]] = TypeAdapter(list[Step])
RESULT_FIELDS = {"file_id", "user_id", "kind", "filename", "content_type", "size", "status", "created_at",
                 "confirmed_at"}  # the stored file without its short-lived URL


def process_item(job_id: str, index: int, deps: MediaDeps) -> str:
    """Work one item; what happened (``succeeded``, ``failed``, ``skipped``). Raises to have it retried."""
    item = deps.jobs.claim(job_id, index, deps.clock(), ITEMS_QUEUE.visibility_timeout_s)
    if item is None:
        return "skipped"  # finished already, or another attempt holds it (its message comes back if it dies)
    try:
        steps = _STEPS.validate_python(item.steps)
        out = process_file(item.user_id, item.file_id, steps, "batch", deps,
                           idempotency_key=derived_ulid(job_id, index))  # a retry stores the same file once
    except errors.AppError as exc:
        if exc.status >= 500:
            raise
        deps.jobs.finish(job_id, index, deps.clock(), error=ItemError(code=exc.code, message=exc.detail))
        return "failed"
    except ValidationError as exc:
        deps.jobs.finish(job_id, index, deps.clock(), error=ItemError(code="invalid-operations", message=str(exc)))
        return "failed"
    result = out.file.model_dump(mode="json", include=RESULT_FIELDS, exclude_none=True)
    deps.jobs.finish(job_id, index, deps.clock(), result=result)
    return "succeeded"
