"""GET /api/v1/tasks: your tasks, newest first; filter by status, type and creation time; cursor pages."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation
from design_agent.clock import DateTimeInput
from design_agent.contracts.tasks import TaskStatus, TaskType

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.lifecycle import list_filters_valid
from functions.tasks.logic.state import view, with_fresh_previews
from functions.tasks.models.api import TaskList
from functions.tasks.service import SERVICE

api = http_operation(SERVICE, "ListTasks")


@api.route
def list_tasks(status: Annotated[TaskStatus | None, Query()] = None,
               type: Annotated[TaskType | None, Query()] = None,
               created_after: Annotated[DateTimeInput | None, Query()] = None,
               created_before: Annotated[DateTimeInput | None, Query()] = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 20,
               cursor: Annotated[str | None, Query(max_length=2048)] = None) -> TaskList:
    list_filters_valid(created_after, created_before)
    user_id, deps, page = api.principal().subject, TasksDeps.from_env(), api.page(cursor)
    tasks, last = deps.tasks.list_for_user(
        user_id, status=status, task_type=type, created_after=created_after,
        created_before=created_before, limit=limit, start=page.start)
    return TaskList(items=[view(t) for t in with_fresh_previews(tasks, user_id, deps)], next_cursor=page.next(last))


handler = api.handler
