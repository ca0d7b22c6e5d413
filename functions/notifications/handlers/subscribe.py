"""WebSocket "subscribe": {"action": "subscribe", "task_id": "tsk_..."} narrows the connection to those tasks."""

from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import WsRequest, subscription


def _subscribe(request: WsRequest, deps: NotificationsDeps) -> int:
    return subscription(request, deps, add=True)


handler = websocket_handler(_subscribe, "Subscribe")
