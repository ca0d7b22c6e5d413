"""GET /api/v1/media/jobs: your batch jobs, newest first, with their counters; cursor pages."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.media.deps import MediaDeps
from functions.media.logic.jobs import summary
from functions.media.models.api import BatchJobList
from functions.media.service import SERVICE

api = http_operation(SERVICE, "ListBatchJobs")


@api.route
def list_batch_jobs(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                    cursor: Annotated[str | None, Query(max_length=2048)] = None) -> BatchJobList:
    page = api.page(cursor)
    jobs, last = MediaDeps.from_env().jobs.list_for_user(api.principal().subject, limit, page.start)
    return BatchJobList(items=[summary(job) for job in jobs], next_cursor=page.next(last))


handler = api.handler
