"""WebSocket "unsubscribe": stop narrowing to those tasks (no subscription left: every message again)."""

from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import WsRequest, subscription


def _unsubscribe(request: WsRequest, deps: NotificationsDeps) -> int:
    return subscription(request, deps, add=False)


handler = websocket_handler(_unsubscribe, "Unsubscribe")
