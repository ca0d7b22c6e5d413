"""POST /api/v1/designs/posters/{poster_id}/export: render to PNG, store it as a file, return its URL and what
could not be drawn (characters no font has, unusable fonts, missing images)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.designs.handlers.common import load
from functions.designs.logic.export import export_png
from functions.designs.models.api import ExportRequest, ExportResult
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "ExportPoster", status=HTTPStatus.CREATED, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def export(poster_id: str, body: Annotated[ExportRequest, Body()]) -> Response[ExportResult]:
    document, deps = load(api, poster_id)
    return json_response(HTTPStatus.CREATED, export_png(document, body.scale, deps))


handler = api.handler
