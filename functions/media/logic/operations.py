"""A stored image in, a stored image out: read the caller's file, apply operations, store the result as a new
file of the caller (by presigned upload, so results of any size up to the storage limit fit; never image bytes
in a Lambda response)."""

from __future__ import annotations

from collections.abc import Sequence

from design_agent.contracts.images import derived_filename
from design_agent.contracts.storage import BeginStoreRequest

from functions.media.deps import MediaDeps
from functions.media.logic.steps import Limits, Outcome, run
from functions.media.models.api import CropOut, MediaOut


def limits(deps: MediaDeps) -> Limits:
    s = deps.settings
    return Limits(max_pixels=s.media_max_pixels, max_input_bytes=s.media_max_input_bytes,
                  matting_method=s.media_matting_method)


def process_file(user_id: str, file_id: str, operations: Sequence[object], name: str, deps: MediaDeps, *,
                 idempotency_key: str | None = None) -> MediaOut:
    """Apply ``operations`` in order to the file; ``name`` goes into the result's filename."""
    bounds = limits(deps)
    source, data = deps.storage.read_bytes(user_id, file_id, bounds.max_input_bytes)

    def load_mark(mark_id: str) -> bytes:
        return deps.storage.read_bytes(user_id, mark_id, bounds.max_input_bytes)[1]

    crop: CropOut | None = None
    outcome: Outcome | None = None
    for options in operations:
        outcome = run(options, data, bounds, load_mark)
        data, crop = outcome.image.data, outcome.crop or crop
    if outcome is None:
        raise ValueError("no operations")
    image = outcome.image
    stored = deps.storage.store_object(BeginStoreRequest(
        user_id=user_id, kind="image", filename=derived_filename(source.filename, name, image.format),
        content_type=image.content_type, size=image.size_bytes, idempotency_key=idempotency_key), image.data)
    return MediaOut(source_file_id=file_id, file=stored, width=image.width, height=image.height,
                    format=image.format, size_bytes=image.size_bytes, crop=crop)
