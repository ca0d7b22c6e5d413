"""WebSocket $disconnect: the connection is forgotten."""

from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import WsRequest


def _disconnect(request: WsRequest, deps: NotificationsDeps) -> int:
    deps.connections.delete(request.connection_id)
    return 200


handler = websocket_handler(_disconnect, "Disconnect")
