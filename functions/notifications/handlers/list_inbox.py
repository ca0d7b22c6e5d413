"""GET /api/v1/notifications/inbox: newest first with ?cursor=, or everything after ?since=<message id>."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.inbox import page
from functions.notifications.models.api import InboxPage
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "ListInbox")


@api.route
def list_inbox(limit: Annotated[int, Query(ge=1, le=100)] = 20,
               cursor: Annotated[str | None, Query(max_length=2048)] = None,
               since: Annotated[str | None, Query(pattern=r"^msg_[0-9A-HJKMNP-TV-Z]{26}$")] = None) -> InboxPage:
    return page(api.principal().subject, limit, api.page(cursor), since, NotificationsDeps.from_env())


handler = api.handler
