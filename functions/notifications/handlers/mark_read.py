"""POST /api/v1/notifications/inbox/{message_id}/read."""

from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.inbox import mark_read as mark
from functions.notifications.models.domain import InboxMessage
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "MarkRead")


@api.route
def mark_read(message_id: str) -> InboxMessage:
    return mark(api.principal().subject, message_id, NotificationsDeps.from_env())


handler = api.handler
