"""Internal: a template the user may use (theirs or public) — the Task service checks a task's template with it;
another user's private template and one that does not exist are alike not found."""

from design_agent.api import Principal
from design_agent.contracts.designs import ResolveTemplateRequest, TemplateRef
from design_agent.internal import internal_handler

from functions.designs.deps import DesignsDeps
from functions.designs.logic.templates import visible


def _resolve(request: ResolveTemplateRequest) -> TemplateRef:
    found = visible(Principal(subject=request.user_id, role="user"), request.template_id, DesignsDeps.from_env())
    return TemplateRef(template_id=found.template_id, owner_id=found.owner_id, public=found.public)


handler = internal_handler("designs", ResolveTemplateRequest, _resolve, operation="ResolveTemplate")
