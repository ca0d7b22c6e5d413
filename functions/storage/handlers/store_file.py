"""Internal: store a file for another service (previews, exports, processed images), charged to the user."""

from design_agent.contracts.storage import FileInfo, StoreFileRequest
from design_agent.internal import internal_handler

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import to_info, upload_inline


def _store(request: StoreFileRequest) -> FileInfo:
    deps = StorageDeps.from_env()
    file_id = f"fil_{request.idempotency_key}" if request.idempotency_key else None
    record = upload_inline(request.user_id, request.kind, request.filename, request.content_type,
                           request.data_base64, deps, file_id=file_id)
    return to_info(record, deps)


handler = internal_handler("storage", StoreFileRequest, _store, operation="StoreFile")
