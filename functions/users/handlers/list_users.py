"""GET /api/v1/users: every account, newest first, with a cursor (admins only)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.users.deps import UsersDeps
from functions.users.logic.accounts import to_out
from functions.users.models.api import UserList
from functions.users.service import SERVICE

api = http_operation(SERVICE, "ListUsers")


@api.route
def list_users(limit: Annotated[int, Query(ge=1, le=100)] = 20,
               cursor: Annotated[str | None, Query(max_length=2048)] = None) -> UserList:
    api.principal()
    deps = UsersDeps.from_env()
    page = api.page(cursor)
    users, last = deps.repo.list_page(limit, page.start)
    return UserList(items=[to_out(u, deps) for u in users], next_cursor=page.next(last))


handler = api.handler
