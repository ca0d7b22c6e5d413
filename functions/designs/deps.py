"""What the Design service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.files import FilesClient
from design_agent.contracts.storage import StorageClient
from design_agent.settings import Settings

from functions.designs.dal.documents import DocumentsRepository
from functions.designs.service import DESIGNS_TABLE


@dataclass
class DesignsDeps:
    settings: Settings
    documents: DocumentsRepository
    storage: StorageClient
    files: FilesClient
    clients: AwsClients
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> DesignsDeps:
        settings = Settings.load("designs", clients)
        clients = clients or aws()
        return cls(settings=settings, documents=DocumentsRepository(settings.table(DESIGNS_TABLE), clients),
                   storage=StorageClient(settings.stage, clients), files=FilesClient(settings.stage, clients),
                   clients=clients)
