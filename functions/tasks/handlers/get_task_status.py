"""GET /api/v1/tasks/{task_id}/status: the small answer a client polls (status, progress, result or error)."""

from design_agent.api import http_operation

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.state import owned, status_view, with_fresh_previews
from functions.tasks.models.api import TaskStatusOut
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "GetTaskStatus")


@api.route
def get_task_status(task_id: str) -> TaskStatusOut:
    user_id, deps = api.principal().subject, TasksDeps.from_env()
    return status_view(with_fresh_previews([owned(task_id, user_id, deps)], user_id, deps)[0])


handler = api.handler
