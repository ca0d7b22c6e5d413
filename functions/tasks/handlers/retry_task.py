"""POST /api/v1/tasks/{task_id}/retry: a new attempt of a failed or cancelled task (charged like a new task)."""

from http import HTTPStatus

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.lifecycle import retry
from functions.tasks.logic.state import view
from functions.tasks.models.api import TaskOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "RetryTask", responses=(HTTPStatus.CONFLICT,))


@api.route
def retry_task(task_id: str) -> TaskOut:
    return view(retry(api.principal().subject, task_id, TasksDeps.from_env()))


handler = api.handler
