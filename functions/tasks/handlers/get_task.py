"""GET /api/v1/tasks/{task_id}: one of your tasks, whole."""

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import owned, view, with_fresh_previews
from functions.tasks.models.api import TaskOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "GetTask")


@api.route
def get_task(task_id: str) -> TaskOut:
    user_id, deps = api.principal().subject, TasksDeps.from_env()
    return view(with_fresh_previews([owned(task_id, user_id, deps)], user_id, deps)[0])


handler = api.handler
