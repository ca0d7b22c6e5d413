"""Batch jobs: up to a configured number of items, each a file and its operations, worked one message per item.

* create: the job and its items in one transaction; the table's stream then queues one message per item;
* an item (``logic/work.py``, only in the functions with the media layer): claimed (a lease as long as the
  queue's visibility timeout), processed, finished together with its job's counters; a bad input (a 4xx
  error: not an image, too many pixels, unknown file, quota) fails the item with its reason at once;
  anything else is retried by the queue and, after its receives, failed from the DLQ;
* the job completes when no item remains (from the stream, so a crash between the two writes cannot lose it),
  and its ``MediaJobCompleted`` event is published from the stream too.
"""

from __future__ import annotations

from datetime import timedelta

from design_agent import errors
from design_agent.ids import new_id
from design_agent.observability import logger

from functions.media.deps import MediaDeps
from functions.media.models.api import (
    BatchItemOut,
    BatchJobOut,
    BatchJobSummary,
    CreateBatchJobRequest,
    ItemError,
    JobStatus,
    WatermarkStep,
)
from functions.media.models.domain import Item, Job
from functions.media.service import ITEMS_QUEUE


def create(user_id: str, request: CreateBatchJobRequest, deps: MediaDeps) -> BatchJobOut:
    limits = deps.settings
    if len(request.items) > limits.media_max_batch_items:
        raise errors.Unprocessable(f"A job may have at most {limits.media_max_batch_items} items",
                                   max_items=limits.media_max_batch_items)
    for position, entry in enumerate(request.items):
        if len(entry.operations) > limits.media_max_operations:
            raise errors.Unprocessable(f"Item {position} has more than {limits.media_max_operations} operations",
                                       item=position, max_operations=limits.media_max_operations)
    _check_references(user_id, request, deps)
    now = deps.clock()
    job = Job(job_id=new_id("media_job"), user_id=user_id, total=len(request.items),
              remaining=len(request.items), created_at=now)
    items = [Item(job_id=job.job_id, index=position, user_id=user_id, file_id=entry.file_id,
                  steps=[step.model_dump(mode="json", exclude_none=True) for step in entry.operations])
             for position, entry in enumerate(request.items)]
    deps.jobs.create(job, items, now + timedelta(seconds=deps.settings.media_job_ttl_s))
    return view(job, items)


def _check_references(user_id: str, request: CreateBatchJobRequest, deps: MediaDeps) -> None:
    """Every image a job names (the items' files, watermark images) must be the caller's: checked before the job
    exists, in one lookup, rather than item by item later; another user's reads as one that does not exist."""
    named = []
    for n, entry in enumerate(request.items):
        named.append((f"body.items.{n}.file_id", entry.file_id))
        named += [(f"body.items.{n}.operations.{m}.image_file_id", step.image_file_id)
                  for m, step in enumerate(entry.operations)
                  if isinstance(step, WatermarkStep) and step.image_file_id]
    unknown = deps.storage.owned(user_id, named)[1]
    if unknown:
        raise errors.UnknownReference("The job refers to images you may not use", errors=unknown)


def give_up(job_id: str, index: int, deps: MediaDeps) -> bool:
    """The item's message ran out of receives (it kept failing or timing out): fail it so the job can end."""
    done = deps.jobs.finish(job_id, index, deps.clock(), error=ItemError(
        code="processing-failed", message=f"The item could not be processed in {ITEMS_QUEUE.max_receive_count} "
                                          "attempts"))
    logger("media").warning("item given up", extra={"job_id": job_id, "index": index, "counted": done})
    return done


def status_of(job: Job, items: list[Item] | None = None) -> JobStatus:
    if job.status == "completed":
        return "completed"
    started = job.succeeded + job.failed > 0 or any(i.status != "queued" for i in items or [])
    return "running" if started else "queued"


def summary(job: Job) -> BatchJobSummary:
    return BatchJobSummary(job_id=job.job_id, status=status_of(job), total=job.total, succeeded=job.succeeded,
                           failed=job.failed, created_at=job.created_at, completed_at=job.completed_at)


def view(job: Job, items: list[Item]) -> BatchJobOut:
    return BatchJobOut(**{**summary(job).model_dump(), "status": status_of(job, items)}, items=[
        BatchItemOut(index=i.index, file_id=i.file_id, operations=[str(s.get("op")) for s in i.steps],
                     status=i.status, attempts=i.attempts, result=i.result, error=i.error, finished_at=i.finished_at)
        for i in items])


def get(user_id: str, job_id: str, deps: MediaDeps) -> BatchJobOut:
    found = deps.jobs.get_with_items(job_id)
    if found is None or found[0].user_id != user_id:
        raise errors.NotFound("No such job")
    return with_download_urls(user_id, view(*found), deps)


def with_download_urls(user_id: str, job: BatchJobOut, deps: MediaDeps) -> BatchJobOut:
    """Give each result a fresh download URL (one storage call for the whole job). URLs expire, so they are made
    at each read, never stored; a result the user has deleted since has none. Without storage the job is still
    answered, its results without URLs."""
    results = [item.result for item in job.items if item.result is not None]
    if not results:
        return job
    fresh = deps.storage.fresh_files(user_id, [r.file_id for r in results], deps.settings.download_url_ttl_s)
    if fresh is None:
        return job
    for item in job.items:
        if item.result is not None:
            item.result = fresh.get(item.result.file_id, item.result.model_copy(update={"url": None,
                                                                                         "url_expires_at": None}))
    return job
