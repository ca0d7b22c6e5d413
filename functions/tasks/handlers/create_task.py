"""POST /api/v1/tasks: a generation task (quota reserved, queued for a worker); ``Idempotency-Key`` honoured."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.idempotency import create_once
from functions.tasks.models.api import CreateTaskRequest, TaskOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "CreateTask", status=HTTPStatus.CREATED, responses=(HTTPStatus.CONFLICT,),
                     headers=("Idempotency-Key",))


@api.route
def create_task(body: Annotated[CreateTaskRequest, Body()]) -> Response[TaskOut]:
    task, replayed = create_once(api.principal().subject, api.header("Idempotency-Key"), body,
                                 TasksDeps.from_env(), api.app.lambda_context)
    headers = {"Location": f"/api/v1/tasks/{task.task_id}", **({"Idempotent-Replayed": "true"} if replayed else {})}
    return json_response(HTTPStatus.CREATED, task.model_dump(mode="json"), headers)


handler = api.handler
