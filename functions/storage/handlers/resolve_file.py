"""Internal: a user's stored file with a short-lived download URL (another user's file is not found)."""

from design_agent import errors
from design_agent.contracts.storage import FileInfo, ResolveFileRequest
from design_agent.internal import internal_handler

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import to_info, visible


def _resolve(request: ResolveFileRequest) -> FileInfo:
    deps = StorageDeps.from_env()
    record = visible(request.user_id, request.file_id, deps)
    if record.status != "stored":
        raise errors.NotFound("The file is not stored")
    return to_info(record, deps, url_ttl_s=request.url_ttl_s)


handler = internal_handler("storage", ResolveFileRequest, _resolve, operation="ResolveFile")
