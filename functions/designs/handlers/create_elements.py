"""POST /api/v1/designs/posters/{poster_id}/elements: a batch of elements, each on top of its layer."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import Element

from functions.designs.handlers.common import edit, versioned
from functions.designs.logic.documents import create_elements
from functions.designs.models.api import CreateElementsRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "CreateElements", status=HTTPStatus.CREATED, responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def create(poster_id: str, body: Annotated[CreateElementsRequest, Body()]) -> Response[list[Element]]:
    poster_edit, deps = edit(api, poster_id)
    elements, version = create_elements(poster_edit, body.elements, deps)
    return versioned([e.model_dump(mode="json") for e in elements], version, HTTPStatus.CREATED)


handler = api.handler
