"""POST /api/v1/tasks/{task_id}/cancel: stop a pending, queued or running task (409 once it has ended)."""

from http import HTTPStatus

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.lifecycle import cancel
from functions.tasks.logic.state import view
from functions.tasks.models.api import TaskOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "CancelTask", responses=(HTTPStatus.CONFLICT,))


@api.route
def cancel_task(task_id: str) -> TaskOut:
    return view(cancel(api.principal().subject, task_id, TasksDeps.from_env()))


handler = api.handler
