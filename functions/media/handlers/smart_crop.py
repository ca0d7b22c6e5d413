"""POST /api/v1/media/smart-crop: a crop to a size or aspect ratio around what matters (your focal point,
else faces, else salient regions, else the centre), stored as a new file of yours (counts against your quota)."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.media.deps import MediaDeps
from functions.media.logic.operations import process_file
from functions.media.models.api import MediaOut, SmartCropRequest
from functions.media.service import SERVICE

api = http_operation(SERVICE, "SmartCrop", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def smart_crop(body: Annotated[SmartCropRequest, Body()]) -> Response[MediaOut]:
    out = process_file(api.principal().subject, body.file_id, [body], "crop", MediaDeps.from_env())
    return json_response(HTTPStatus.CREATED, out)


handler = api.handler
