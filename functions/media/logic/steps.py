"""The one place where an operation's options meet the image code: a step turns image bytes into a new image.

Single operations and batch items both run through :func:`run`; the File service's resize, compress and
convert come from the same shared module (``design_agent.images``) the File service uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from design_agent import images
from design_agent.contracts.images import CompressOptions, ConvertOptions, ResizeOptions
from design_agent.images import ProcessedImage

from functions.media.imaging import cropping, matting, watermark
from functions.media.models.api import (
    CropBox,
    CropOut,
    Point,
    RemoveBackgroundOptions,
    SmartCropOptions,
    WatermarkOptions,
)


@dataclass(frozen=True)
class Limits:
    max_pixels: int
    max_input_bytes: int
    matting_method: str  # the stage's default background-removal method


@dataclass(frozen=True)
class Outcome:
    image: ProcessedImage
    crop: CropOut | None = None


MarkLoader = Callable[[str], bytes]  # a stored image of the caller, by file id (for image watermarks)


def run(options: object, data: bytes, limits: Limits, load_mark: MarkLoader) -> Outcome:
    """Apply one operation to ``data``. Removing the background, cropping and watermarking give an image as large
    as their input, so their inputs are held to the output limit too (``images.DEFAULT_MAX_OUTPUT_PIXELS``)."""
    px, size = limits.max_pixels, limits.max_input_bytes
    same_size = min(px, images.DEFAULT_MAX_OUTPUT_PIXELS)
    if isinstance(options, RemoveBackgroundOptions):
        return Outcome(matting.remove_background(data, method=options.method or limits.matting_method,
                                                 max_pixels=same_size, max_input_bytes=size))
    if isinstance(options, SmartCropOptions):
        focal = (options.focal_point.x, options.focal_point.y) if options.focal_point else None
        crop = cropping.smart_crop(data, width=options.width, height=options.height, aspect=options.aspect,
                                   focal_point=focal, allow_upscale=options.allow_upscale, format=options.format,
                                   quality=options.quality, faces=cropping.default_face_detector(),
                                   max_pixels=same_size, max_input_bytes=size)
        return Outcome(crop.image, CropOut(box=CropBox(x=crop.box.x, y=crop.box.y, width=crop.box.width,
                                                       height=crop.box.height),
                                           focal_point=Point(x=crop.focal_point[0], y=crop.focal_point[1]),
                                           source=crop.source))
    if isinstance(options, WatermarkOptions):
        mark = load_mark(options.image_file_id) if options.image_file_id else None
        return Outcome(watermark.add_watermark(
            data, text=options.text, mark=mark, color=options.color, anchor=options.anchor,
            position=(options.position.x, options.position.y) if options.position else None,
            opacity=options.opacity, scale=options.scale, rotation=options.rotation, margin=options.margin,
            tiled=options.tiled, spacing=options.spacing, format=options.format, quality=options.quality,
            max_pixels=same_size, max_input_bytes=size))
    shared = options.model_dump(exclude={"op"}, exclude_none=True)  # type: ignore[attr-defined]
    shared.update(max_pixels=px, max_input_bytes=size)
    if isinstance(options, ResizeOptions):
        return Outcome(images.resize(data, **shared))
    if isinstance(options, CompressOptions):
        return Outcome(images.compress(data, **shared))
    if isinstance(options, ConvertOptions):
        return Outcome(images.convert(data, **shared))
    raise TypeError(f"not an image operation: {type(options).__name__}")
