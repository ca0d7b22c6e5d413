"""GET /api/v1/storage/files/{file_id}: metadata, upload status (and rejection reason), download URL."""

from design_agent.api import http_operation
from design_agent.contracts.storage import FileInfo

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import to_info, visible
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "GetFile")


@api.route
def get_file(file_id: str) -> FileInfo:
    deps = StorageDeps.from_env()
    return to_info(visible(api.principal().subject, file_id, deps), deps)


handler = api.handler
