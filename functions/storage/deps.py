"""What the Storage service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.users import UsersClient
from design_agent.settings import Settings

from functions.storage.dal.files import FilesRepository
from functions.storage.dal.objects import ObjectStore
from functions.storage.service import FILES_BUCKET, FILES_TABLE


@dataclass
class StorageDeps:
    settings: Settings
    files: FilesRepository
    objects: ObjectStore
    users: UsersClient
    clock: Clock = field(default=utcnow)

    @classmethod
    def from_env(cls, clients: AwsClients | None = None) -> StorageDeps:
        settings = Settings.load("storage", clients)
        clients = clients or aws()
        return cls(settings=settings, files=FilesRepository(settings.table(FILES_TABLE), clients),
                   objects=ObjectStore(settings.bucket(FILES_BUCKET), clients, settings.cdn_domain),
                   users=UsersClient(settings.stage, clients))
