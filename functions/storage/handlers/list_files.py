"""GET /api/v1/storage/files: your stored files, newest first, optionally of one kind."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation
from design_agent.contracts.storage import FileKind

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import to_info
from functions.storage.models.api import FileList
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "ListFiles")


@api.route
def list_files(kind: Annotated[FileKind | None, Query()] = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 20,
               cursor: Annotated[str | None, Query(max_length=2048)] = None) -> FileList:
    deps = StorageDeps.from_env()
    page = api.page(cursor)
    records, last = deps.files.list_stored(api.principal().subject, kind, limit, page.start)
    return FileList(items=[to_info(r, deps, with_url=False) for r in records], next_cursor=page.next(last))


handler = api.handler
