"""GET /api/v1/media/jobs/{job_id}: one of your batch jobs with every item's status, result or reason."""

from design_agent.api import http_operation

from functions.media.deps import MediaDeps
from functions.media.logic.jobs import get
from functions.media.models.api import BatchJobOut
from functions.media.service import SERVICE

api = http_operation(SERVICE, "GetBatchJob")


@api.route
def get_batch_job(job_id: str) -> BatchJobOut:
    return get(api.principal().subject, job_id, MediaDeps.from_env())


handler = api.handler
