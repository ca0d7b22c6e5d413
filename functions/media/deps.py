"""What the Media service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.storage import StorageClient
from design_agent.settings import Settings

from functions.media.dal.jobs import JobsRepository
from functions.media.service import JOBS_TABLE


@dataclass
class MediaDeps:
    settings: Settings
    storage: StorageClient
    jobs: JobsRepository
    clients: AwsClients
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> MediaDeps:
        settings = Settings.load("media", clients)
        clients = clients or aws()
        return cls(settings=settings, storage=StorageClient(settings.stage, clients),
                   jobs=JobsRepository(settings.table(JOBS_TABLE), clients), clients=clients)
