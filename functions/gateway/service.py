"""The gateway's own operations (health); routing, auth and throttling are API Gateway's job."""

from design_agent.spec import Auth, Operation, Service

SERVICE = Service(
    name="gateway",
    operations=(
        Operation("Health", "functions.gateway.handlers.health", method="GET", path="/api/v1/health",
                  auth=Auth.NONE, memory_mb=256),
    ),
)
