"""DELETE /api/v1/notifications/inbox/{message_id}."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.inbox import owned
from functions.notifications.service import SERVICE

api = http_operation(SERVICE, "DeleteMessage", status=HTTPStatus.NO_CONTENT)


@api.route
def delete_message(message_id: str) -> Response[None]:
    deps = NotificationsDeps.from_env()
    deps.inbox.delete(owned(api.principal().subject, message_id, deps))
    return Response(status_code=HTTPStatus.NO_CONTENT)


handler = api.handler
