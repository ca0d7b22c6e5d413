"""POST /api/v1/tasks/{task_id}/fail (workers): failed with an error; the attempt's quota is refunded."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import status_view
from functions.tasks.logic.work import fail
from functions.tasks.models.api import FailRequest, TaskStatusOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "FailTask", responses=(HTTPStatus.CONFLICT,))


@api.route
def fail_task(task_id: str, body: Annotated[FailRequest, Body()]) -> TaskStatusOut:
    return status_view(fail(task_id, api.principal().subject, body, TasksDeps.from_env()))


handler = api.handler
