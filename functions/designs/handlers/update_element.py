"""PATCH /api/v1/designs/posters/{poster_id}/elements/{element_id}: new body, another layer, or stacking."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation
from design_agent.contracts.designs import Element

from functions.designs.handlers.common import edit, versioned
from functions.designs.logic.documents import update_element
from functions.designs.models.api import UpdateElementRequest
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "UpdateElement", responses=(HTTPStatus.PRECONDITION_FAILED,),
                     headers=("If-Match",))


@api.route
def update(poster_id: str, element_id: str, body: Annotated[UpdateElementRequest, Body()]) -> Response[Element]:
    poster_edit, deps = edit(api, poster_id)
    element, version = update_element(poster_edit, element_id, body, deps)
    return versioned(element, version)


handler = api.handler
