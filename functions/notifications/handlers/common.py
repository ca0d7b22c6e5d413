"""The shape every WebSocket route handler shares: parse, run, answer a status code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from design_agent.observability import observed

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.websocket import WsRequest

Route = Callable[[WsRequest, NotificationsDeps], int]


def websocket_handler(route: Route, operation: str) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    @observed("notifications", correlation_id_path="requestContext.requestId", operation=operation)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"statusCode": route(WsRequest.of(event), NotificationsDeps.from_env())}

    return handler
