"""What the Storage service's logic needs, built from the environment with production defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from design_agent.clients import AwsClients, aws
from design_agent.clock import Clock, utcnow
from design_agent.contracts.users import UsersClient
from design_agent.settings import MissingSetting, Settings

from functions.storage.dal.cdn import CdnUrls
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
                   objects=ObjectStore(settings.bucket(FILES_BUCKET), clients, _cdn(settings, clients)),
                   users=UsersClient(settings.stage, clients))


def _cdn(settings: Settings, clients: AwsClients) -> CdnUrls | None:
    """Signed CloudFront URLs in a stage with a CDN; a CDN without its key pair is a wiring bug, not a fallback
    to URLs that never expire."""
    if not settings.cdn_domain:
        return None
    if not settings.cdn_key_pair_id or not settings.cdn_signing_key_secret:
        raise MissingSetting("CDN_DOMAIN is set without CDN_KEY_PAIR_ID and CDN_SIGNING_KEY_SECRET_ID")
    return CdnUrls.load(settings.cdn_domain, settings.cdn_key_pair_id, settings.cdn_signing_key_secret, clients)
