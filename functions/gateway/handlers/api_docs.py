"""GET /api/docs: Swagger UI over /api/v1/openapi.json (the UI's scripts come from a public CDN)."""

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from design_agent.api import http_operation

from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "ApiDocs", openapi={"responses": {"200": {
    "description": "Swagger UI", "content": {"text/html": {"schema": {"type": "string"}}}}}})
SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"
PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><title>Design Agent API</title>
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js" crossorigin></script>
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
