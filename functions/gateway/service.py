"""The gateway's own operations (health, the OpenAPI document and its Swagger UI); routing, auth and
throttling are API Gateway's job. The gateway owns the per-user token buckets (``rate-limits``): the shared HTTP
layer of every operation for signed-in users takes its caller's token there (``design_agent.rate_limits``); and
the key every listing seals its page cursors with (``design_agent.cursors``)."""

from design_agent.cursors import CURSOR_KEY
from design_agent.spec import RATE_LIMITS_TABLE, Auth, Operation, Service

from functions.gateway.logic.swagger_ui import BUNDLE, STYLES

SERVICE = Service(
    name="gateway",
    tables=(RATE_LIMITS_TABLE,),
    secrets=(CURSOR_KEY,),  # the key that seals every listing's page cursors (design_agent.cursors)
    operations=(
        Operation("Health", "functions.gateway.handlers.health", method="GET", path="/api/v1/health",
                  auth=Auth.NONE, memory_mb=256),
        Operation("OpenApi", "functions.gateway.handlers.open_api", method="GET", path="/api/v1/openapi.json",
                  auth=Auth.NONE, memory_mb=256),
        Operation("ApiDocs", "functions.gateway.handlers.api_docs", method="GET", path="/api/docs",
                  auth=Auth.NONE, memory_mb=256),
        # Swagger UI's styles and script, from this deployment (fixed paths: the per-source limit matches them)
        Operation("ApiDocsStyles", "functions.gateway.handlers.api_docs_styles", method="GET",
                  path=f"/api/docs/{STYLES.name}", auth=Auth.NONE, memory_mb=256),
        Operation("ApiDocsScript", "functions.gateway.handlers.api_docs_script", method="GET",
                  path=f"/api/docs/{BUNDLE.name}", auth=Auth.NONE, memory_mb=256),
    ),
)
