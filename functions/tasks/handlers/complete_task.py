"""POST /api/v1/tasks/{task_id}/complete (workers): succeeded with the poster and its preview."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import status_view
from functions.tasks.logic.work import complete
from functions.tasks.models.api import CompleteRequest, TaskStatusOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "CompleteTask", responses=(HTTPStatus.CONFLICT,))


@api.route
def complete_task(task_id: str, body: Annotated[CompleteRequest, Body()]) -> TaskStatusOut:
    return status_view(complete(task_id, api.principal().subject, body, TasksDeps.from_env()))


handler = api.handler
