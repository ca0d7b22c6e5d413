"""Decoding for the Media algorithms: bytes -> upright 8-bit RGB(A) pixels, through the shared safe opener.

Every input goes through :func:`design_agent.images.open_image` (byte limit, pixel limit read from the header
before decoding, only the allowed raster formats) and :func:`design_agent.images.to_rgb`; outputs go through
:func:`design_agent.images.encode`. Nothing here reads the environment or talks to AWS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from design_agent import images, sniffing
from PIL import Image

Rgb = npt.NDArray[np.uint8]
"""H x W x 3 (RGB) or H x W (a single channel), uint8."""
Floats = npt.NDArray[np.float32]

_FORMATS_BY_TYPE: Final = {content_type: name for name, content_type in images.CONTENT_TYPES.items()}
FAST_PNG_PIXELS: Final = 4_000_000
"""PNG outputs above this many pixels are written at zlib level 1: for a noisy 12 MP RGBA picture that is
~6x faster than the default level 6 (seconds, within an API call's 29 s) for ~7 % more bytes."""


@dataclass(frozen=True, slots=True)
class Decoded:
    image: Image.Image
    """Upright 8-bit ``RGB`` or ``RGBA`` pixels (RGBA only when the source has an alpha channel)."""
    icc_profile: bytes | None
    """The source's ICC profile, to embed in the output (``None``: untagged sRGB)."""
    source_format: str | None
    """Pillow's name of the source format (``JPEG``, ``PNG``, ``WEBP``, ``GIF``, ``AVIF``)."""

    @property
    def has_alpha(self) -> bool:
        return self.image.mode == "RGBA"

    def default_format(self) -> str:
        """The output format that keeps the source's (GIF becomes PNG)."""
        return images.default_output_format(self.source_format)


def decode(data: bytes, *, max_pixels: int, max_input_bytes: int) -> Decoded:
    """Safely decode ``data`` (raises the :mod:`design_agent.images` errors: 413 ``image-too-large`` /
    ``image-too-many-pixels``, 422 ``unsupported-image`` / ``corrupt-image``)."""
    if max_pixels <= 0 or max_input_bytes <= 0:
        raise images.InvalidImageOptions("max_pixels and max_input_bytes must be positive")
    im = images.open_image(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    content_type = sniffing.sniff(data)
    rgb, icc = images.to_rgb(im)
    return Decoded(rgb, icc, _FORMATS_BY_TYPE.get(content_type or ""))


def encode(
    im: Image.Image, format: str, *, quality: int | None = None, icc_profile: bytes | None = None
) -> images.ProcessedImage:
    """Write a Media output through :func:`design_agent.images.encode` (large PNGs at a fast zlib level)."""
    fast = im.width * im.height > FAST_PNG_PIXELS
    return images.encode(im, format, quality=quality, icc_profile=icc_profile, png_level=1 if fast else None)


def rgb_array(im: Image.Image) -> Rgb:
    """H x W x 3 uint8 RGB pixels of an ``RGB`` or ``RGBA`` image (a copy; alpha dropped)."""
    return np.asarray(im.convert("RGB") if im.mode != "RGB" else im, dtype=np.uint8).copy()


def alpha_array(im: Image.Image) -> Rgb | None:
    """The alpha channel (H x W uint8) of an ``RGBA`` image, ``None`` for an opaque mode."""
    if im.mode != "RGBA":
        return None
    return np.asarray(im.getchannel("A"), dtype=np.uint8).copy()


def fit_within(width: int, height: int, max_pixels: int) -> tuple[int, int]:
    """The size of ``width`` x ``height`` scaled down (never up) to at most ``max_pixels``, aspect kept."""
    if width * height <= max_pixels:
        return width, height
    scale = (max_pixels / (width * height)) ** 0.5
    return max(1, int(width * scale)), max(1, int(height * scale))
