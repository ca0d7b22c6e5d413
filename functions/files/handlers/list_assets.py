"""GET /api/v1/files/assets: assets of one category, newest first, with a cursor."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.files.dal.library import scope_key
from functions.files.deps import FilesDeps
from functions.files.models.api import AssetList
from functions.files.service import SERVICE

api = http_operation(SERVICE, "ListAssets")


@api.route
def list_assets(category: Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[\w-]+$")],
                scope: Annotated[Literal["mine", "public"], Query()] = "public",
                limit: Annotated[int, Query(ge=1, le=100)] = 20,
                cursor: Annotated[str | None, Query(max_length=2048)] = None) -> AssetList:
    owner = api.principal().subject
    page = api.page(cursor)
    items, last = FilesDeps.from_env().library.list_assets(scope_key(owner, scope == "public"), category.lower(),
                                                           limit, page.start)
    return AssetList(items=items, next_cursor=page.next(last))


handler = api.handler
