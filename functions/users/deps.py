"""What the User service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.auth import AuthClient
from design_agent.contracts.notifications import NotificationsClient
from design_agent.settings import Settings

from functions.users.dal.repository import UsersRepository
from functions.users.logic.passwords import Passwords
from functions.users.service import USERS_TABLE


@dataclass
class UsersDeps:
    settings: Settings
    repo: UsersRepository
    auth: AuthClient
    notifications: NotificationsClient  # account mails (verification, password reset)
    passwords: Passwords = field(default_factory=Passwords)
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> UsersDeps:
        settings = Settings.load("users", clients)
        clients = clients or aws()
        return cls(settings=settings, repo=UsersRepository(settings.table(USERS_TABLE), clients),
                   auth=AuthClient(settings.stage, clients), notifications=NotificationsClient(settings.stage, clients))
