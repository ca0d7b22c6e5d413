"""GET /api/docs/swagger-ui.css: Swagger UI's styles for the docs page, from this deployment's own code."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.gateway.logic.swagger_ui import STYLES, asset_response
from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "ApiDocsStyles", responses=(HTTPStatus.NOT_FOUND,), openapi={"responses": {"200": {
    "description": "Swagger UI's styles", "content": {"text/css": {"schema": {"type": "string"}}}}}})


@api.route
def api_docs_styles() -> Response[str]:
    return asset_response(STYLES)


handler = api.handler
