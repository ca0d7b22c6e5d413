"""What the Auth service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.notifications import NotificationsClient
from design_agent.keystore import SecretKeyStore, key_store
from design_agent.revocations import RevocationStore
from design_agent.settings import Settings

from functions.auth.dal.repository import AuthRepository
from functions.auth.service import AUTH_TABLE, SIGNING_KEYS


@dataclass
class AuthDeps:
    settings: Settings
    repo: AuthRepository
    keys: SecretKeyStore
    revocations: RevocationStore
    notifications: NotificationsClient  # closes the WebSocket connections of revoked tokens
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> AuthDeps:
        settings = Settings.load("auth", clients)
        clients = clients or aws()
        table = settings.table(AUTH_TABLE)
        return cls(
            settings=settings,
            repo=AuthRepository(table, clients),
            keys=key_store(settings.secret_id(SIGNING_KEYS), clients, settings.key_cache_s),
            revocations=RevocationStore(table, clients),
            notifications=NotificationsClient(settings.stage, clients),
        )
