"""POST /api/v1/tasks/{task_id}/outputs (workers): store an image the worker made as the task owner's file."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.work import store_output
from functions.tasks.models.api import StoredOutput, StoreOutputRequest
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "StoreTaskOutput", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,))


@api.route
def store_task_output(task_id: str, body: Annotated[StoreOutputRequest, Body()]) -> Response[StoredOutput]:
    stored = store_output(task_id, api.principal().subject, body, TasksDeps.from_env())
    return json_response(HTTPStatus.CREATED, stored.model_dump(mode="json"))


handler = api.handler
