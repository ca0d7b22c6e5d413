"""GET /api/v1/files/fonts: your fonts or the public ones, by family prefix, CJK support and covered script."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation
from design_agent.contracts.files import Script

from functions.files.dal.library import scope_key
from functions.files.deps import FilesDeps
from functions.files.models.api import FontList
from functions.files.service import SERVICE

api = http_operation(SERVICE, "ListFonts")


@api.route
def list_fonts(scope: Annotated[Literal["mine", "public"], Query()] = "public",
               family: Annotated[str | None, Query(max_length=100)] = None,
               cjk: Annotated[bool | None, Query()] = None,
               covers: Annotated[Script | None, Query(description="only fonts whose coverage report lists "
                                                                   "this script")] = None,
               limit: Annotated[int, Query(ge=1, le=100)] = 50,
               cursor: Annotated[str | None, Query(max_length=2048)] = None) -> FontList:
    owner = api.principal().subject
    page = api.page(cursor)
    items, last = FilesDeps.from_env().library.list_fonts(scope_key(owner, scope == "public"), family, cjk, limit,
                                                          page.start, covers)
    return FontList(items=items, next_cursor=page.next(last))


handler = api.handler
