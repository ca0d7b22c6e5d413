"""Internal: the stored file behind a font the user may use (for the Design service's renderer)."""

from design_agent.api import Principal
from design_agent.contracts.files import FontRef, ResolveFontRequest
from design_agent.internal import internal_handler

from functions.files.deps import FilesDeps
from functions.files.logic.library import visible_font


def _resolve(request: ResolveFontRequest) -> FontRef:
    font = visible_font(Principal(subject=request.user_id, role="user"), request.font_id, FilesDeps.from_env())
    return FontRef(font_id=font.font_id, owner_id=font.owner_id, file_id=font.file_id, family=font.family,
                   scripts=font.scripts)


handler = internal_handler("files", ResolveFontRequest, _resolve, operation="ResolveFont")
