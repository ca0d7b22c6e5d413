"""Image operations on stored files: read the source, process with ``design_agent.images``, store the result
as a new file of the same user (counted against their storage quota)."""

from __future__ import annotations

import base64
from collections.abc import Callable

from design_agent import images
from design_agent.contracts.images import ProcessedOut, derived_filename
from design_agent.contracts.storage import StoreFileRequest

from functions.files.deps import FilesDeps


def process(user_id: str, file_id: str, operation: str, fn: Callable[[bytes], images.ProcessedImage],
            deps: FilesDeps) -> ProcessedOut:
    source, data = deps.storage.read_bytes(user_id, file_id, deps.settings.max_file_bytes)
    result = fn(data)
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=user_id, kind="image", filename=derived_filename(source.filename, operation, result.format),
        content_type=result.content_type, data_base64=base64.b64encode(result.data).decode()))
    return ProcessedOut(source_file_id=file_id, file=stored, width=result.width, height=result.height,
                        format=result.format, size_bytes=result.size_bytes)
