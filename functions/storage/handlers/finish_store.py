"""Internal: check and store what another service uploaded to a ``BeginStore`` reservation, now."""

from design_agent.contracts.storage import FileInfo, FinishStoreRequest
from design_agent.internal import internal_handler

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import finish_store, to_info


def _finish(request: FinishStoreRequest) -> FileInfo:
    deps = StorageDeps.from_env()
    return to_info(finish_store(request.user_id, request.file_id, deps), deps)


handler = internal_handler("storage", FinishStoreRequest, _finish, operation="FinishStore")
