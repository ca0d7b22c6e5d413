"""GET /api/v1/designs/posters: your posters, newest first, with a cursor."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.designs.deps import DesignsDeps
from functions.designs.models.api import PosterList
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "ListPosters")


@api.route
def list_posters(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 cursor: Annotated[str | None, Query(max_length=2048)] = None) -> PosterList:
    page = api.page(cursor)
    items, last = DesignsDeps.from_env().documents.list_posters(api.principal().subject, limit, page.start)
    return PosterList(items=items, next_cursor=page.next(last))


handler = api.handler
