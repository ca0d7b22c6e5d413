"""Image operations on stored files: read the source, process with ``design_agent.images``, store the result
as a new file of the same user (counted against their storage quota)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import PurePosixPath

from design_agent import images
from design_agent.contracts.storage import StoreFileRequest

from functions.files.deps import FilesDeps
from functions.files.models.api import ProcessedOut

_EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}


def process(user_id: str, file_id: str, operation: str, fn: Callable[[bytes], images.ProcessedImage],
            deps: FilesDeps) -> ProcessedOut:
    source, data = deps.storage.read_bytes(user_id, file_id, deps.settings.max_file_bytes)
    result = fn(data)
    stem = PurePosixPath(source.filename).stem or "image"
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=user_id, kind="image", filename=f"{stem}-{operation}.{_EXTENSIONS.get(result.format, 'img')}",
        content_type=result.content_type, data_base64=base64.b64encode(result.data).decode()))
    return ProcessedOut(source_file_id=file_id, file=stored, width=result.width, height=result.height,
                        format=result.format, size_bytes=result.size_bytes)
