"""WebSocket $connect: the access token comes as ?token= (browsers cannot set headers on a WebSocket)."""

from functions.notifications.deps import NotificationsDeps
from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import WsRequest, connect, signing_keys


def _connect(request: WsRequest, deps: NotificationsDeps) -> int:
    return connect(request, deps, signing_keys(deps))


handler = websocket_handler(_connect, "Connect")
