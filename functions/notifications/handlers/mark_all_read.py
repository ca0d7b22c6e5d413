"""POST /api/v1/notifications/inbox/read-all."""

from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.inbox import mark_all_read as mark_all
from functions.notifications.models.api import ReadAll
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "MarkAllRead")


@api.route
def mark_all_read() -> ReadAll:
    return ReadAll(marked=mark_all(api.principal().subject, NotificationsDeps.from_env()))


handler = api.handler
