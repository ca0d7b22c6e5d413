"""The gateway's own operations (health, the OpenAPI document and its Swagger UI); routing, auth and
throttling are API Gateway's job."""

from design_agent.spec import Auth, Operation, Service

SERVICE = Service(
    name="gateway",
    operations=(
        Operation("Health", "functions.gateway.handlers.health", method="GET", path="/api/v1/health",
                  auth=Auth.NONE, memory_mb=256),
        Operation("OpenApi", "functions.gateway.handlers.open_api", method="GET", path="/api/v1/openapi.json",
                  auth=Auth.NONE, memory_mb=256),
        Operation("ApiDocs", "functions.gateway.handlers.api_docs", method="GET", path="/api/docs",
                  auth=Auth.NONE, memory_mb=256),
    ),
)
