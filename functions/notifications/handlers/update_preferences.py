"""PUT /api/v1/notifications/preferences: e.g. {"email_enabled": false} turns e-mails off."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.api import PreferencesIn
from functions.notifications.models.domain import Preferences
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "UpdatePreferences")


@api.route
def update_preferences(body: Annotated[PreferencesIn, Body()]) -> Preferences:
    prefs = Preferences(email_enabled=body.email_enabled)
    NotificationsDeps.from_env().inbox.put_preferences(api.principal().subject, prefs)
    return prefs


handler = api.handler
