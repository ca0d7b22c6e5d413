"""GET /api/v1/notifications/inbox/unread-count."""

from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.api import UnreadCount
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "GetUnreadCount")


@api.route
def get_unread_count() -> UnreadCount:
    return UnreadCount(unread=NotificationsDeps.from_env().inbox.unread(api.principal().subject))


handler = api.handler
