"""POST /api/v1/media/jobs: a batch of files, each with its operations, worked asynchronously (202); poll
``GET /api/v1/media/jobs/{job_id}`` or wait for the ``media.job.completed`` notification."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.media.deps import MediaDeps
from functions.media.logic.jobs import create
from functions.media.models.api import BatchJobOut, CreateBatchJobRequest
from functions.media.service import SERVICE

api = http_operation(SERVICE, "CreateBatchJob", status=HTTPStatus.ACCEPTED)


@api.route
def create_batch_job(body: Annotated[CreateBatchJobRequest, Body()]) -> Response[BatchJobOut]:
    job = create(api.principal().subject, body, MediaDeps.from_env())
    return json_response(HTTPStatus.ACCEPTED, job, headers={"Location": f"/api/v1/media/jobs/{job.job_id}"})


handler = api.handler
