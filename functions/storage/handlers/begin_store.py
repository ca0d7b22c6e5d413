"""Internal: reserve a file for another service and give it a presigned POST to upload the bytes itself
(results larger than a Lambda payload); ``FinishStore`` then checks and stores it."""

from design_agent.contracts.storage import BeginStoreRequest, UploadToken
from design_agent.internal import internal_handler

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import issue_upload_token


def _begin(request: BeginStoreRequest) -> UploadToken:
    file_id = f"fil_{request.idempotency_key}" if request.idempotency_key else None
    return issue_upload_token(request.user_id, request.kind, request.filename, request.content_type, request.size,
                              StorageDeps.from_env(), file_id=file_id)


handler = internal_handler("storage", BeginStoreRequest, _begin, operation="BeginStore")
