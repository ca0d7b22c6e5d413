"""POST /api/v1/designs/posters/{poster_id}/template: save a snapshot of the poster as a template."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.designs.handlers.common import load
from functions.designs.logic import templates
from functions.designs.models.api import SaveTemplateRequest, Template
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "SaveTemplate", status=HTTPStatus.CREATED, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def save(poster_id: str, body: Annotated[SaveTemplateRequest, Body()]) -> Response[Template]:
    document, deps = load(api, poster_id)
    return json_response(HTTPStatus.CREATED, templates.save(api.principal(), document, body, deps))


handler = api.handler
