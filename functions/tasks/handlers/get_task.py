"""GET /api/v1/tasks/{task_id}: one of your tasks, whole."""

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import owned, view
from functions.tasks.models.api import TaskOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "GetTask")


@api.route
def get_task(task_id: str) -> TaskOut:
    return view(owned(task_id, api.principal().subject, TasksDeps.from_env()))


handler = api.handler
