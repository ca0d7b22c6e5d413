"""GET /api/v1/notifications/preferences."""

from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.domain import Preferences
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "GetPreferences")


@api.route
def get_preferences() -> Preferences:
    return NotificationsDeps.from_env().inbox.preferences(api.principal().subject)


handler = api.handler
