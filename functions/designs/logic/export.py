"""Export: render the document to PNG with the shared renderer and store it as the owner's file."""

from __future__ import annotations

import base64
from collections.abc import Collection

from design_agent import errors
from design_agent.contracts.designs import PosterDocument
from design_agent.contracts.files import FontRef, ResolveFontRequest
from design_agent.contracts.storage import StoreFileRequest
from design_agent.image_limits import MAX_OUTPUT_PIXELS
from design_agent.observability import logger
from design_agent.render import render_png

from functions.designs.deps import DesignsDeps
from functions.designs.models.api import ExportResult


class _PosterFonts:
    """The owner's registered fonts as the renderer asks for them: the coverage report (one ResolveFont call
    per font) and the bytes (read only when the renderer needs the font)."""

    def __init__(self, owner: str, deps: DesignsDeps) -> None:
        self._owner = owner
        self._deps = deps
        self._files = deps.files
        self._refs: dict[str, FontRef | None] = {}

    def ref(self, font_id: str) -> FontRef | None:
        if font_id not in self._refs:
            try:
                self._refs[font_id] = self._files.resolve_font(ResolveFontRequest(user_id=self._owner,
                                                                                  font_id=font_id))
            except errors.NotFound:
                self._refs[font_id] = None
        return self._refs[font_id]

    def scripts(self, font_id: str) -> Collection[str] | None:
        ref = self.ref(font_id)
        return ref.scripts if ref is not None else None

    def data(self, font_id: str) -> bytes | None:
        ref = self.ref(font_id)
        if ref is None:
            return None
        try:
            return self._deps.storage.read_bytes(self._owner, ref.file_id, self._deps.settings.max_file_bytes)[1]
        except (errors.NotFound, errors.PayloadTooLarge):
            return None


def export_png(document: PosterDocument, scale: float, deps: DesignsDeps) -> ExportResult:
    owner = document.poster.owner_id
    fonts = _PosterFonts(owner, deps)

    def image(file_id: str) -> bytes | None:
        try:
            return deps.storage.read_bytes(owner, file_id, deps.settings.max_file_bytes)[1]
        except (errors.NotFound, errors.PayloadTooLarge):
            return None

    result = render_png(document, images=image, fonts=fonts.data, font_scripts=fonts.scripts, scale=scale,
                        max_pixels=MAX_OUTPUT_PIXELS)  # 413 before drawing
    if result.missing_characters or result.missing_fonts or result.missing_images:
        logger("designs").warning("export drawn without some of its parts", extra={
            "poster_id": document.poster.poster_id, "missing_characters": result.missing_characters,
            "missing_fonts": result.missing_fonts, "missing_images": result.missing_images})
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=owner, kind="export", filename=f"{document.poster.poster_id}-v{document.poster.version}.png",
        content_type="image/png", data_base64=base64.b64encode(result.png).decode()))
    return ExportResult(**stored.model_dump(), missing_characters=result.missing_characters,
                        missing_fonts=result.missing_fonts, missing_images=result.missing_images)
