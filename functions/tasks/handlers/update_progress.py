"""POST /api/v1/tasks/{task_id}/progress (workers): 0-100 and a stage; renews the lease; 409 means stop."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.work import progress
from functions.tasks.models.api import ProgressOut, ProgressRequest
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "UpdateProgress", responses=(HTTPStatus.CONFLICT,))


@api.route
def update_progress(task_id: str, body: Annotated[ProgressRequest, Body()]) -> ProgressOut:
    return progress(task_id, api.principal().subject, body, TasksDeps.from_env())


handler = api.handler
