"""PATCH /api/v1/designs/posters/{poster_id}: title, size, background (If-Match for optimistic concurrency)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation

from functions.designs.handlers.common import edit, no_content
from functions.designs.logic.documents import update_poster
from functions.designs.models.api import UpdatePosterRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "UpdatePoster", status=HTTPStatus.NO_CONTENT, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def update(poster_id: str, body: Annotated[UpdatePosterRequest, Body()]) -> Response[None]:
    poster_edit, deps = edit(api, poster_id)
    return no_content(update_poster(poster_edit, body, deps))


handler = api.handler
