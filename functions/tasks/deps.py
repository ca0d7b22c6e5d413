"""What the Task service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.designs import DesignsClient
from design_agent.contracts.storage import StorageClient
from design_agent.contracts.users import UsersClient
from design_agent.settings import Settings

from functions.tasks.dal.tasks import TasksRepository
from functions.tasks.service import TASKS_TABLE


@dataclass
class TasksDeps:
    settings: Settings
    tasks: TasksRepository
    users: UsersClient
    storage: StorageClient
    designs: DesignsClient
    clients: AwsClients
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> TasksDeps:
        settings = Settings.load("tasks", clients)
        clients = clients or aws()
        return cls(settings=settings, tasks=TasksRepository(settings.table(TASKS_TABLE), clients),
                   users=UsersClient(settings.stage, clients), storage=StorageClient(settings.stage, clients),
                   designs=DesignsClient(settings.stage, clients), clients=clients)
