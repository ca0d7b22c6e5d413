"""GET /api/docs/swagger-ui-bundle.js: Swagger UI's script for the docs page, from this deployment's own code."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.gateway.logic.swagger_ui import BUNDLE, asset_response
from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "ApiDocsScript", responses=(HTTPStatus.NOT_FOUND,), openapi={"responses": {"200": {
    "description": "Swagger UI's script", "content": {"text/javascript": {"schema": {"type": "string"}}}}}})


@api.route
def api_docs_script() -> Response[str]:
    return asset_response(BUNDLE)


handler = api.handler
