"""GET /api/v1/health: the API answers (liveness of the gateway and the function runtime)."""

from design_agent.api import http_operation
from design_agent.settings import Settings
from pydantic import BaseModel

from functions.gateway.service import SERVICE

api = http_operation(SERVICE, "Health")


class Health(BaseModel):
    status: str
    stage: str


@api.route
def health() -> Health:
    return Health(status="ok", stage=Settings.from_env().stage)


handler = api.handler
