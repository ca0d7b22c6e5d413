"""Internal: every user id, a page at a time (a broadcast to everyone walks it)."""

from design_agent.contracts.users import UserIds, UserIdsRequest
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps


def _user_ids(request: UserIdsRequest) -> UserIds:
    users, cursor = UsersDeps.from_env().repo.list_page(request.limit, request.cursor)
    return UserIds(user_ids=[u.id for u in users], next_cursor=cursor)


handler = internal_handler("users", UserIdsRequest, _user_ids, operation="ListUserIds")
