"""Export: render the document to PNG with the shared renderer and store it as the owner's file."""

from __future__ import annotations

import base64

from design_agent import errors
from design_agent.contracts.designs import PosterDocument
from design_agent.contracts.files import FilesClient, ResolveFontRequest
from design_agent.contracts.storage import FileInfo, StoreFileRequest
from design_agent.render import render_png

from functions.designs.deps import DesignsDeps


def export_png(document: PosterDocument, scale: float, deps: DesignsDeps) -> FileInfo:
    owner = document.poster.owner_id
    files = FilesClient(deps.settings.stage, deps.clients)

    def image(file_id: str) -> bytes | None:
        try:
            return deps.storage.read_bytes(owner, file_id, deps.settings.max_file_bytes)[1]
        except (errors.NotFound, errors.PayloadTooLarge):
            return None

    def font(font_id: str) -> bytes | None:
        try:
            ref = files.resolve_font(ResolveFontRequest(user_id=owner, font_id=font_id))
            return deps.storage.read_bytes(owner, ref.file_id, deps.settings.max_file_bytes)[1]
        except (errors.NotFound, errors.PayloadTooLarge):
            return None

    result = render_png(document, images=image, fonts=font, scale=scale)
    return deps.storage.store_file(StoreFileRequest(
        user_id=owner, kind="export", filename=f"{document.poster.poster_id}-v{document.poster.version}.png",
        content_type="image/png", data_base64=base64.b64encode(result.png).decode()))
