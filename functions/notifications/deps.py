"""What the Notification service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.users import UsersClient
from design_agent.settings import MissingSetting, Settings

from functions.notifications.dal.connections import ConnectionsRepository
from functions.notifications.dal.inbox import InboxRepository
from functions.notifications.service import CONNECTIONS_TABLE, INBOX_TABLE


@dataclass
class NotificationsDeps:
    settings: Settings
    connections: ConnectionsRepository
    inbox: InboxRepository
    users: UsersClient
    clients: AwsClients
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> NotificationsDeps:
        settings = Settings.load("notifications", clients)
        clients = clients or aws()
        return cls(settings=settings, connections=ConnectionsRepository(settings.table(CONNECTIONS_TABLE), clients),
                   inbox=InboxRepository(settings.table(INBOX_TABLE), clients), users=UsersClient(settings.stage,
                                                                                                 clients),
                   clients=clients)

    def management_api(self) -> Any:
        """``apigatewaymanagementapi`` at this stage's WebSocket callback URL."""
        if not self.settings.websocket_callback_url:
            raise MissingSetting("WEBSOCKET_CALLBACK_URL is not set for this function")
        return self.clients.client_at("apigatewaymanagementapi", self.settings.websocket_callback_url)
