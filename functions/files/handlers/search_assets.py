"""GET /api/v1/files/assets/search?q=&tag=: prefix search over names and tags (mine, public or both)."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.files.deps import FilesDeps
from functions.files.logic.library import search_assets
from functions.files.models.api import AssetList
from functions.files.service import SERVICE

api = http_operation(SERVICE, "SearchAssets")


@api.route
def search(q: Annotated[str | None, Query(max_length=100)] = None,
           tag: Annotated[str | None, Query(max_length=40)] = None,
           scope: Annotated[Literal["mine", "public", "all"], Query()] = "all",
           limit: Annotated[int, Query(ge=1, le=50)] = 20) -> AssetList:
    return AssetList(items=search_assets(api.principal(), q, tag, scope, limit, FilesDeps.from_env()))


handler = api.handler
