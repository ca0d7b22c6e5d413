"""WebSocket $connect: the access token comes as ?token= (browsers cannot set headers on a WebSocket)."""

from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import WsRequest, connect, key_store


def _connect(request: WsRequest, deps: NotificationsDeps) -> int:
    return connect(request, deps, key_store(deps))


handler = websocket_handler(_connect, "Connect")
