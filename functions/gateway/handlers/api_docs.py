"""GET /api/docs: Swagger UI over /api/v1/openapi.json, its scripts and styles served by ApiDocsAsset from this
deployment (no CDN: the page works offline and on a private network)."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.gateway.logic.swagger_ui import BUNDLE, STYLES, asset_url
from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "ApiDocs", openapi={"responses": {"200": {
    "description": "Swagger UI", "content": {"text/html": {"schema": {"type": "string"}}}}}})
# the asset URLs are relative to the page (…/api/docs -> …/api/docs/<asset>), so they hold under a stage prefix
PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><title>Design Agent API</title>
  <link rel="stylesheet" href="{asset_url(STYLES)}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{asset_url(BUNDLE)}"></script>
  <script>
    const base = window.location.pathname.replace(/\\/api\\/docs\\/?$/, "");
    window.ui = SwaggerUIBundle({{url: base + "/api/v1/openapi.json", dom_id: "#swagger-ui",
                                 persistAuthorization: true}});
  </script>
</body>
</html>
"""


@api.route
def api_docs() -> Response[str]:
    return Response(status_code=HTTPStatus.OK, content_type="text/html; charset=utf-8", body=PAGE)


handler = api.handler
