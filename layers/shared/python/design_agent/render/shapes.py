"""Element drawing: shapes (supersampled masks in one colour) and the colour/opacity helpers every tile uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PIL import Image, ImageDraw

from design_agent.contracts.designs import ShapeElement
from design_agent.render.geometry import Box
from design_agent.render.limits import Rgba, parse_colour

_SMALL_TILE: Final = 512 * 512  # shapes up to this many pixels are supersampled 4x, up to _MEDIUM_TILE 2x
_MEDIUM_TILE: Final = 2048 * 2048


def _scale_lut(factor: float) -> list[int]:
    return [min(255, round(v * factor)) for v in range(256)]


def with_opacity(tile: Image.Image, opacity: float) -> Image.Image:
    if opacity >= 1:
        return tile
    tile = tile.copy()
    tile.putalpha(tile.getchannel("A").point(_scale_lut(opacity)))
    return tile


def solid(mask: Image.Image, colour: Rgba) -> Image.Image:
    """An RGBA tile of one colour whose alpha is ``mask`` x the colour's alpha (no fringes: RGB is constant)."""
    r, g, b, a = colour
    if a < 255:
        mask = mask.point(_scale_lut(a / 255))
    tile = Image.new("RGBA", mask.size, (r, g, b, 0))
    tile.putalpha(mask)
    return tile


def line_width(body: ShapeElement, scale: float) -> float:
    return max(1.0, body.stroke_width * scale)



def shape_tile(body: ShapeElement, w: int, h: int, window: Box, s: float) -> Image.Image | None:
    u0, v0, u1, v1 = window
    ww, wh = u1 - u0, v1 - v0
    fill = parse_colour(body.fill) if body.fill else None
    stroke = parse_colour(body.stroke) if body.stroke and body.stroke_width > 0 else None
    radius = min(body.corner_radius * s, w / 2, h / 2)
    if body.shape == "line":
        colour = parse_colour(body.stroke) if body.stroke else fill
        if colour is None:
            return None
        fill, stroke = colour, None
    if fill is None and stroke is None:
        return None
    plain = body.shape == "rectangle" and radius < 0.5
    if plain and stroke is None and fill is not None:
        return Image.new("RGBA", (ww, wh), fill)
    area = ww * wh
    ss = 1 if plain else 4 if area <= _SMALL_TILE else 2 if area <= _MEDIUM_TILE else 1
    ox, oy = -u0 * ss, -v0 * ss
    box = (ox, oy, ox + w * ss - 1, oy + h * ss - 1)

    def mask(draw: Callable[[ImageDraw.ImageDraw], None]) -> Image.Image:
        m = Image.new("L", (ww * ss, wh * ss), 0)
        draw(ImageDraw.Draw(m))
        return m.reduce(ss) if ss > 1 else m

    tile: Image.Image | None = None
    if fill is not None:
        if body.shape == "line":
            lw = max(1, round(line_width(body, s) * ss))
            ends = [(ox, oy), (ox + w * ss, oy + h * ss)]
            fill_mask = mask(lambda d: d.line(ends, fill=255, width=lw))
        elif body.shape == "ellipse":
            fill_mask = mask(lambda d: d.ellipse(box, fill=255))
        elif plain:
            fill_mask = mask(lambda d: d.rectangle(box, fill=255))
        else:
            fill_mask = mask(lambda d: d.rounded_rectangle(box, radius=radius * ss, fill=255))
        tile = solid(fill_mask, fill)
    if stroke is not None:
        sw = max(1, round(body.stroke_width * s * ss))
        if body.shape == "ellipse":
            stroke_mask = mask(lambda d: d.ellipse(box, outline=255, width=sw))
        elif plain:
            stroke_mask = mask(lambda d: d.rectangle(box, outline=255, width=sw))
        else:
            stroke_mask = mask(lambda d: d.rounded_rectangle(box, radius=radius * ss, outline=255, width=sw))
        stroke_tile = solid(stroke_mask, stroke)
        tile = stroke_tile if tile is None else Image.alpha_composite(tile, stroke_tile)
    return tile
