"""POST /api/v1/files/assets: register an uploaded image or SVG as an asset with name, category and tags."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response

from functions.files.deps import FilesDeps
from functions.files.logic.library import register_asset
from functions.files.models.api import AssetOut, RegisterAssetRequest
from functions.files.service import SERVICE

api = http_operation(SERVICE, "RegisterAsset", status=HTTPStatus.CREATED, responses=(HTTPStatus.NOT_FOUND,))


@api.route
def register(body: Annotated[RegisterAssetRequest, Body()]) -> Response[AssetOut]:
    return json_response(HTTPStatus.CREATED, register_asset(api.principal(), body, FilesDeps.from_env()))


handler = api.handler
