"""POST /api/v1/tasks/{task_id}/claim (workers): take a queued task, or one whose lease ran out; 409 otherwise."""

from http import HTTPStatus

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.work import claim
from functions.tasks.models.api import ClaimOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "ClaimTask", responses=(HTTPStatus.CONFLICT,))


@api.route
def claim_task(task_id: str) -> ClaimOut:
    return claim(task_id, api.principal().subject, TasksDeps.from_env())


handler = api.handler
