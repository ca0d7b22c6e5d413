"""Internal: many fonts at once, those the user may use (theirs or public) — for checking the font ids a poster
refers to in one call; another user's private font and one that does not exist are left out alike."""

from design_agent.contracts.files import FontRef, ResolvedFonts, ResolveFontsRequest
from design_agent.internal import internal_handler

from functions.files.deps import FilesDeps
from functions.files.logic.library import usable_fonts


def _resolve(request: ResolveFontsRequest) -> ResolvedFonts:
    fonts = usable_fonts(request.user_id, request.font_ids, FilesDeps.from_env())
    return ResolvedFonts(fonts=[FontRef(font_id=f.font_id, owner_id=f.owner_id, file_id=f.file_id, family=f.family)
                                for f in fonts])


handler = internal_handler("files", ResolveFontsRequest, _resolve, operation="ResolveFonts")
