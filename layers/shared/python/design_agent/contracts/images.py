"""Options of the image operations, shared by the File service's routes and the Media service's batch steps
(one definition each), and the answer both give for a processed image."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from design_agent.contracts.storage import FileInfo
from design_agent.image_limits import MAX_OUTPUT_EDGE, MAX_OUTPUT_PIXELS, MAX_SEARCH_PIXELS

_OUTPUT_LIMIT = (f"An output of more than {MAX_OUTPUT_PIXELS:,} pixels is refused up front "
                 "(422 image-output-too-large).")

OutputFormat = Literal["jpeg", "png", "webp", "avif"]
ColorMode = Literal["keep", "srgb"]


_EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}


def derived_filename(source: str, operation: str, fmt: str) -> str:
    """``photo.jpg`` resized to PNG -> ``photo-resize.png``."""
    stem = PurePosixPath(source).stem or "image"
    return f"{stem}-{operation}.{_EXTENSIONS.get(fmt, 'img')}"


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ResizeOptions(_Options):
    __doc__ = f"Resize (fit, fill or cover). {_OUTPUT_LIMIT}"

    width: int | None = Field(default=None, ge=1, le=MAX_OUTPUT_EDGE,
                              description=f"width x height at most {MAX_OUTPUT_PIXELS:,} pixels")
    height: int | None = Field(default=None, ge=1, le=MAX_OUTPUT_EDGE,
                               description=f"width x height at most {MAX_OUTPUT_PIXELS:,} pixels")
    mode: Literal["fit", "fill", "cover"] = "fit"
    format: OutputFormat | None = None
    quality: int | None = Field(default=None, ge=1, le=100)
    background: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
    color: ColorMode = "keep"


class CompressOptions(_Options):
    __doc__ = f"Re-encode at the source's size. {_OUTPUT_LIMIT}"

    quality: int | None = Field(default=None, ge=1, le=100)
    target_bytes: int | None = Field(default=None, ge=1024, le=1024 ** 3, description=(
        f"the highest quality that fits, found by encoding several times: images up to {MAX_SEARCH_PIXELS:,} "
        "pixels (larger: 422 image-output-too-large)"))
    format: OutputFormat | None = None
    color: ColorMode = "keep"


class ConvertOptions(_Options):
    __doc__ = f"Convert at the source's size. {_OUTPUT_LIMIT}"

    format: OutputFormat
    quality: int | None = Field(default=None, ge=1, le=100)
    color: ColorMode = "keep"


class ProcessedOut(BaseModel):
    """A processed image, stored as a new file of the caller (by id and a download URL, never the bytes)."""

    source_file_id: str
    file: FileInfo
    width: int
    height: int
    format: str
    size_bytes: int
