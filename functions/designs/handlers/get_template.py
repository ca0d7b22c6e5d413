"""GET /api/v1/designs/templates/{template_id}: a public template or one of yours, with its document."""

from design_agent.api import http_operation

from functions.designs.deps import DesignsDeps
from functions.designs.logic import templates
from functions.designs.models.api import TemplateDetail
from functions.designs.service import SERVICE

api = http_operation(SERVICE, "GetTemplate")


@api.route
def get_template(template_id: str) -> TemplateDetail:
    return templates.visible(api.principal(), template_id, DesignsDeps.from_env())


handler = api.handler
