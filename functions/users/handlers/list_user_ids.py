"""Internal: every user id, a page at a time (a broadcast to everyone walks it)."""

from design_agent.contracts.users import UserIds, UserIdsRequest
from design_agent.cursors import Cursors, listing
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps

LISTING = listing("users", "ListUserIds")  # its cursors travel through other services' queues: sealed too


def _user_ids(request: UserIdsRequest) -> UserIds:
    deps = UsersDeps.from_env()
    page = Cursors.load(deps.settings).page(LISTING, request.cursor)
    users, last = deps.repo.list_page(request.limit, page.start)
    return UserIds(user_ids=[u.id for u in users], next_cursor=page.next(last))


handler = internal_handler("users", UserIdsRequest, _user_ids, operation="ListUserIds")
