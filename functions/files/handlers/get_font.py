"""GET /api/v1/files/fonts/{font_id}: one of your fonts or a public one."""

from design_agent.api import http_operation

from functions.files.deps import FilesDeps
from functions.files.logic.library import visible_font
from functions.files.models.api import FontOut
from functions.files.service import SERVICE

api = http_operation(SERVICE, "GetFont")


@api.route
def get_font(font_id: str) -> FontOut:
    return visible_font(api.principal(), font_id, FilesDeps.from_env())


handler = api.handler
