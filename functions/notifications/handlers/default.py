"""WebSocket $default: {"action": "ping"} gets a pong frame; anything else an error frame."""

from functions.notifications.handlers.common import websocket_handler
from functions.notifications.logic.websocket import default

handler = websocket_handler(default, "Default")
