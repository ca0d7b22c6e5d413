"""POST /api/v1/storage/upload-tokens: a presigned S3 POST for a direct upload into your own prefix."""

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from design_agent.api import http_operation, json_response
from design_agent.contracts.storage import UploadToken

from functions.storage.deps import StorageDeps
from functions.storage.logic.files import issue_upload_token
from functions.storage.models.api import UploadTokenRequest
from functions.storage.service import SERVICE

api = http_operation(SERVICE, "GetUploadToken", status=HTTPStatus.CREATED)


@api.route
def get_upload_token(body: Annotated[UploadTokenRequest, Body()]) -> Response[UploadToken]:
    token = issue_upload_token(api.principal().subject, body.kind, body.filename, body.content_type, body.size,
                               StorageDeps.from_env())
    return json_response(HTTPStatus.CREATED, token)


handler = api.handler
