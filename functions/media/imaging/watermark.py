"""AddWatermark: a text or image mark drawn over a picture, once at an anchor or position, or tiled.

The mark:

* ``text`` — drawn with the given TTF/OTF font (bytes), else Pillow's built-in default font (the same fallback
  as poster rendering in :mod:`design_agent.render`), in ``color`` (``#rrggbb`` or ``#rrggbbaa``); or
* ``mark`` — the bytes of another stored image, opened with the same safe opener and limits as the input
  (its own transparency is kept).

It is scaled so that its width (before rotation) is ``scale`` times the picture's width, made ``opacity``
(0..1) times as opaque, and rotated by ``rotation`` degrees counter-clockwise (bicubic, on premultiplied
alpha, so the edges get no dark fringe). Then:

* ``position`` (x, y relative 0..1) puts the mark's centre there; otherwise
* ``anchor`` puts it in one of nine places — ``top-left``, ``top``, ``top-right``, ``left``, ``center``
  (or ``centre``), ``right``, ``bottom-left``, ``bottom``, ``bottom-right`` — ``margin`` away from the edges.
  The margin is relative to the picture's *width* (0.02 = 2 % of the width, on every side, so the gap looks
  the same horizontally and vertically);
* ``tiled`` repeats the mark over the whole picture (anchor, position and margin are then ignored): a grid
  centred on the picture whose gaps are ``spacing`` times the mark's size, every other row shifted by half a
  step.

Transparency of the input is kept exactly: the mark is blended into the picture's colours where the picture
is visible and adds nothing where it is transparent (so a cut-out stays a cut-out). The output format is the
input's by default (GIF becomes PNG); ``format`` and ``quality`` as for the File service's conversions.
"""

from __future__ import annotations

import io
import math
from typing import Final

from design_agent import images
from design_agent.images import ProcessedImage
from PIL import Image, ImageColor, ImageDraw, ImageFont

from functions.media.imaging.pixels import decode, encode

ANCHORS: Final[dict[str, tuple[float, float]]] = {
    "top-left": (0.0, 0.0),
    "top": (0.5, 0.0),
    "top-right": (1.0, 0.0),
    "left": (0.0, 0.5),
    "center": (0.5, 0.5),
    "centre": (0.5, 0.5),
    "right": (1.0, 0.5),
    "bottom-left": (0.0, 1.0),
    "bottom": (0.5, 1.0),
    "bottom-right": (1.0, 1.0),
}
"""Anchor name -> where the mark sits, as fractions of the free space (0 = at the start margin)."""
MAX_TEXT_LENGTH: Final = 200
MAX_FONT_PX: Final = 2000
MAX_TILES: Final = 10_000


def _font(font: bytes | None, size: float) -> ImageFont.FreeTypeFont:
    if font is None:
        default = ImageFont.load_default(size=size)
        if not isinstance(default, ImageFont.FreeTypeFont):  # pragma: no cover - Pillow without FreeType
            raise images.InvalidImageOptions("This Pillow has no FreeType: text watermarks need a font")
        return default
    try:
        return ImageFont.truetype(io.BytesIO(font), size)
    except (OSError, ValueError) as exc:
        raise images.InvalidImageOptions(f"The watermark font cannot be read: {exc}") from exc


def _colour(color: str) -> tuple[int, int, int, int]:
    try:
        rgba = ImageColor.getcolor(color, "RGBA")
    except ValueError as exc:
        raise images.InvalidImageOptions(f"Unknown watermark colour {color!r}") from exc
    if not isinstance(rgba, tuple) or len(rgba) != 4:  # pragma: no cover - getcolor(..., "RGBA") is a 4-tuple
        raise images.InvalidImageOptions(f"Unknown watermark colour {color!r}")
    return rgba[0], rgba[1], rgba[2], rgba[3]


def text_mark(text: str, *, width: int, color: str = "#ffffff", font: bytes | None = None) -> Image.Image:
    """An RGBA tile with ``text`` on one line, ``width`` pixels wide (the font size follows from it)."""
    if not text.strip() or len(text) > MAX_TEXT_LENGTH or "\n" in text:
        raise images.InvalidImageOptions(f"The watermark text must be one line of 1..{MAX_TEXT_LENGTH} characters")
    rgba = _colour(color)
    probe = _font(font, 100)
    left, _top, right, _bottom = probe.getbbox(text)
    size = min(max(100 * width / max(right - left, 1), 4.0), MAX_FONT_PX)
    face = _font(font, size)
    left, top, right, bottom = face.getbbox(text)
    pad = max(2, round(size * 0.05))
    mask = Image.new("L", (math.ceil(right - left) + 2 * pad, math.ceil(bottom - top) + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), text, fill=255, font=face)
    tile = Image.new("RGBA", mask.size, (*rgba[:3], 0))
    tile.putalpha(mask.point(lambda v: v * rgba[3] // 255))
    return tile


def image_mark(data: bytes, *, width: int, max_pixels: int, max_input_bytes: int) -> Image.Image:
    """An RGBA tile of the image in ``data``, scaled to ``width`` pixels wide (aspect kept)."""
    mark = decode(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes).image.convert("RGBA")
    height = max(1, round(mark.height * width / mark.width))
    return mark.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _transform(mark: Image.Image, opacity: float, rotation: float) -> Image.Image:
    if opacity < 1:
        alpha = mark.getchannel("A").point(lambda v: round(v * opacity))
        mark = mark.copy()
        mark.putalpha(alpha)
    if rotation % 360:
        premultiplied = mark.convert("RGBa")
        mark = premultiplied.rotate(rotation, Image.Resampling.BICUBIC, expand=True).convert("RGBA")
    return mark


def _positions(
    size: tuple[int, int],
    mark: tuple[int, int],
    anchor: str,
    position: tuple[float, float] | None,
    margin_px: float,
) -> list[tuple[int, int]]:
    w, h = size
    mw, mh = mark
    if position is not None:
        return [(round(position[0] * w - mw / 2), round(position[1] * h - mh / 2))]
    fx, fy = ANCHORS[anchor]
    x = margin_px + fx * (w - mw - 2 * margin_px)
    y = margin_px + fy * (h - mh - 2 * margin_px)
    return [(round(x), round(y))]


def _grid(size: tuple[int, int], mark: tuple[int, int], spacing: float) -> list[tuple[int, int]]:
    """Top-left corners of a brick grid of ``mark``-sized tiles covering ``size``, centred on it."""
    w, h = size
    mw, mh = mark
    step_x = max(1.0, mw * (1 + spacing))
    step_y = max(1.0, mh * (1 + spacing))
    columns = math.ceil(w / step_x) + 2
    rows = math.ceil(h / step_y) + 2
    if columns * rows > MAX_TILES:
        raise images.InvalidImageOptions("The watermark is too small to tile: use a larger scale or spacing")
    origin_x = w / 2 - mw / 2 - (columns // 2) * step_x
    origin_y = h / 2 - mh / 2 - (rows // 2) * step_y
    corners = []
    for row in range(rows):
        shift = step_x / 2 if row % 2 else 0.0
        for column in range(-1, columns):
            x, y = origin_x + column * step_x + shift, origin_y + row * step_y
            if x < w and y < h and x + mw > 0 and y + mh > 0:
                corners.append((round(x), round(y)))
    return corners


def _paste(overlay: Image.Image, mark: Image.Image, x: int, y: int) -> None:
    """Alpha-composite ``mark`` onto ``overlay`` with its top-left corner at (x, y), clipped to the overlay."""
    sx, sy = max(0, -x), max(0, -y)
    dx, dy = max(0, x), max(0, y)
    if sx >= mark.width or sy >= mark.height or dx >= overlay.width or dy >= overlay.height:
        return
    overlay.alpha_composite(mark, (dx, dy), (sx, sy))


def add_watermark(
    data: bytes,
    *,
    text: str | None = None,
    mark: bytes | None = None,
    font: bytes | None = None,
    color: str = "#ffffff",
    anchor: str = "bottom-right",
    position: tuple[float, float] | None = None,
    opacity: float = 0.5,
    scale: float = 0.25,
    rotation: float = 0.0,
    margin: float = 0.02,
    tiled: bool = False,
    spacing: float = 0.5,
    format: str | None = None,
    quality: int | None = None,
    max_pixels: int,
    max_input_bytes: int,
) -> ProcessedImage:
    """Draw a watermark, exactly one of ``text`` and ``mark`` (the bytes of an image), over the picture in
    ``data``; see the module docstring for the options. Bad options are 422 ``invalid-image-options``; inputs
    (the picture and an image mark) over the limits or unreadable raise the :mod:`design_agent.images` errors."""
    if (text is None) == (mark is None):
        raise images.InvalidImageOptions("give exactly one of text and mark (an image)")
    if anchor not in ANCHORS:
        raise images.InvalidImageOptions(f"anchor must be one of: {', '.join(ANCHORS)}")
    checks = (
        (0.0 <= opacity <= 1.0, "opacity must be between 0 and 1"),
        (0.0 < scale <= 1.0, "scale must be above 0 and at most 1"),
        (-360.0 <= rotation <= 360.0, "rotation must be between -360 and 360 degrees"),
        (0.0 <= margin <= 0.5, "margin must be between 0 and 0.5"),
        (0.0 <= spacing <= 4.0, "spacing must be between 0 and 4"),
        (position is None or all(0.0 <= v <= 1.0 for v in position), "position must be relative (0..1)"),
    )
    for ok, message in checks:
        if not ok:
            raise images.InvalidImageOptions(message)
    images.check_quality(quality)
    out_format = images.output_format(format) if format else None

    decoded = decode(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    base = decoded.image
    width = max(1, round(base.width * scale))
    if text is not None:
        tile = text_mark(text, width=width, color=color, font=font)
    else:
        assert mark is not None
        tile = image_mark(mark, width=width, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    tile = _transform(tile, opacity, rotation)

    result = base
    if opacity > 0:
        overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
        corners = (
            _grid(base.size, tile.size, spacing)
            if tiled
            else _positions(base.size, tile.size, anchor, position, margin * base.width)
        )
        for x, y in corners:
            _paste(overlay, tile, x, y)
        blended = Image.alpha_composite(base.convert("RGB").convert("RGBA"), overlay)
        if base.mode == "RGBA":  # the picture's own transparency, exactly as it was
            blended.putalpha(base.getchannel("A"))
            result = blended
        else:
            result = blended.convert("RGB")
    fmt = out_format or decoded.default_format()
    return encode(result, fmt, quality=quality, icc_profile=decoded.icc_profile)
