"""GET /api/v1/storage/stats: bytes and file counts by kind, the quota and what remains."""

from design_agent.api import http_operation

from functions.storage.deps import StorageDeps
from functions.storage.logic.stats import storage_stats
from functions.storage.models.api import StorageStats
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "GetStorageStats")


@api.route
def get_storage_stats() -> StorageStats:
    return storage_stats(api.principal().subject, StorageDeps.from_env())


handler = api.handler
