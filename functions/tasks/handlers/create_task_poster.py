"""POST /api/v1/tasks/{task_id}/poster (workers): the drawn document becomes the owner's poster (once)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.work import create_poster
from functions.tasks.models.api import TaskPosterOut, TaskPosterRequest
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "CreateTaskPoster", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,))


@api.route
def create_task_poster(task_id: str, body: Annotated[TaskPosterRequest, Body()]) -> Response[TaskPosterOut]:
    poster = create_poster(task_id, api.principal().subject, body, TasksDeps.from_env())
    return json_response(HTTPStatus.CREATED, poster.model_dump(mode="json"))


handler = api.handler
