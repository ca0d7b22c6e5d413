"""POST /api/v1/media/remove-background: a PNG with an alpha matte (the subject kept, the background
transparent), stored as a new file of yours (counts against your storage quota)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.media.deps import MediaDeps
from functions.media.logic.operations import process_file
from functions.media.models.api import MediaOut, RemoveBackgroundRequest
from functions.media.service import SERVICE

api = http_operation(SERVICE, "RemoveBackground", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def remove_background(body: Annotated[RemoveBackgroundRequest, Body()]) -> Response[MediaOut]:
    out = process_file(api.principal().subject, body.file_id, [body], "cutout", MediaDeps.from_env())
    return json_response(HTTPStatus.CREATED, out)


handler = api.handler
