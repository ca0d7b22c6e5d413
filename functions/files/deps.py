"""What the File service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.storage import StorageClient
from design_agent.settings import Settings

from functions.files.dal.library import LibraryRepository
from functions.files.service import LIBRARY_TABLE


@dataclass
class FilesDeps:
    settings: Settings
    storage: StorageClient
    library: LibraryRepository
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> FilesDeps:
        settings = Settings.load("files", clients)
        clients = clients or aws()
        return cls(settings=settings, storage=StorageClient(settings.stage, clients),
                   library=LibraryRepository(settings.table(LIBRARY_TABLE), clients))
