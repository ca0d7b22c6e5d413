"""Internal: many of a user's stored files with short-lived download URLs in one call (one batch read); files
that are not the user's, not stored or unknown are left out."""

from design_agent.contracts.storage import ResolvedFiles, ResolveFilesRequest
from design_agent.internal import internal_handler

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import resolve_many


def _resolve(request: ResolveFilesRequest) -> ResolvedFiles:
    return ResolvedFiles(files=resolve_many(request.user_id, request.file_ids, request.url_ttl_s,
                                            StorageDeps.from_env(), urls=request.urls))


handler = internal_handler("storage", ResolveFilesRequest, _resolve, operation="ResolveFiles")
