"""What a render may be asked for: output size limits, colours, and the 4xx errors for the rest."""

from __future__ import annotations

import math
import re
from typing import Final

from design_agent import errors
from design_agent import images as image_io
from design_agent.contracts.designs import PosterDocument


class RenderTooLarge(errors.PayloadTooLarge):
    code = "render-too-large"
    title = "The rendered image would be too large"


class InvalidRenderOptions(errors.Unprocessable):
    code = "invalid-render-options"
    title = "The render options are not valid"


DEFAULT_MAX_PIXELS: Final = 40_000_000
"""Output limit; the RGBA canvas of 40 MP is 160 MB (plus as much again while a translucent layer is drawn)."""
MAX_EDGE: Final = 16384
MAX_SCALE: Final = 16.0
MAX_SOURCE_PIXELS: Final = image_io.DEFAULT_MAX_PIXELS
"""Per source image (decompression-bomb guard, checked from the header before decoding)."""
SOURCE_CACHE_PIXELS: Final = 100_000_000
"""Decoded images are kept for reuse within one render up to this many pixels in total."""
MAX_FONT_PX: Final = 4096.0
"""Text is never set larger than this after scaling (one glyph of it is a 16 MB bitmap)."""
LINE_BITMAP_PIXELS: Final = 16_000_000
"""Lines whose bitmap would be larger are cut to the characters that can reach the canvas."""

Rgba = tuple[int, int, int, int]


def parse_colour(value: str) -> Rgba:
    """``#rrggbb`` or ``#rrggbbaa`` as an RGBA tuple."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", value):
        raise InvalidRenderOptions(f"Not a colour: {value!r} (expected #rrggbb or #rrggbbaa)")
    r, g, b = int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
    a = int(value[7:9], 16) if len(value) == 9 else 255
    return r, g, b, a


def output_size(document: PosterDocument, scale: float, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """The PNG size for ``scale``; raises :class:`InvalidRenderOptions` / :class:`RenderTooLarge`."""
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise InvalidRenderOptions(f"The scale must be above 0 and at most {MAX_SCALE:g}", scale=scale)
    width = round(document.poster.width * scale)
    height = round(document.poster.height * scale)
    if width < 1 or height < 1:
        raise InvalidRenderOptions(f"The scale {scale:g} gives an empty image ({width}x{height})", scale=scale)
    if width > MAX_EDGE or height > MAX_EDGE or width * height > max_pixels:
        raise RenderTooLarge(
            f"The render would be {width}x{height} ({width * height} pixels); at most {max_pixels} pixels "
            f"and {MAX_EDGE} px per side are allowed",
            width=width,
            height=height,
            max_pixels=max_pixels,
        )
    return width, height
