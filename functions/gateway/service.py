"""The gateway's own operations (health, the OpenAPI document and its Swagger UI); routing, auth and
throttling are API Gateway's job. The gateway owns the per-user token buckets (``rate-limits``): the shared HTTP
layer of every operation for signed-in users takes its caller's token there (``design_agent.rate_limits``)."""

from design_agent.spec import RATE_LIMITS_TABLE, Auth, Operation, Service

SERVICE = Service(
    name="gateway",
    tables=(RATE_LIMITS_TABLE,),
    operations=(
        Operation("Health", "functions.gateway.handlers.health", method="GET", path="/api/v1/health",
                  auth=Auth.NONE, memory_mb=256),
        Operation("OpenApi", "functions.gateway.handlers.open_api", method="GET", path="/api/v1/openapi.json",
                  auth=Auth.NONE, memory_mb=256),
        Operation("ApiDocs", "functions.gateway.handlers.api_docs", method="GET", path="/api/docs",
                  auth=Auth.NONE, memory_mb=256),
    ),
)
