"""GET /api/v1/designs/templates: public templates or yours, by category and tag, with a cursor."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from design_agent.api import http_operation

from functions.designs.deps import DesignsDeps
from functions.designs.models.api import TemplateList
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "ListTemplates")


@api.route
def list_templates(scope: Annotated[Literal["public", "mine"], Query()] = "public",
                   category: Annotated[str | None, Query(max_length=40)] = None,
                   tag: Annotated[str | None, Query(max_length=40)] = None,
                   limit: Annotated[int, Query(ge=1, le=100)] = 20,
                   cursor: Annotated[str | None, Query(max_length=2048)] = None) -> TemplateList:
    owner = api.principal().subject
    page = api.page(cursor)
    items, last = DesignsDeps.from_env().documents.list_templates(
        "PUBLIC" if scope == "public" else f"USER#{owner}", category.lower() if category else None,
        tag.lower() if tag else None, limit, page.start)
    return TemplateList(items=items, next_cursor=page.next(last))


handler = api.handler
