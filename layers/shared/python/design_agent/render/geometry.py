"""Geometry of an element on the canvas: which part of its tile to draw and where (rotation included)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from PIL import Image

Box = tuple[int, int, int, int]  # left, top, right, bottom (right/bottom exclusive)


def intersect(a: Box, b: Box) -> Box | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def union(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _bbox(points: Iterable[tuple[float, float]]) -> Box:
    pts = list(points)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


@dataclass(slots=True)
class Plan:
    window: Box
    """The part of the tile to draw, in tile coordinates (0,0 = the element's top-left)."""
    dest: Box
    """Where it lands on the target, in canvas pixels."""
    affine: tuple[float, float, float, float, float, float] | None = None
    """Output-to-window mapping for rotated elements (None: a plain paste)."""
    transpose: Image.Transpose | None = None
    """Quarter turns are exact and cheap: the window is transposed instead of resampled."""


_QUARTER_TURNS: Final[dict[float, Image.Transpose]] = {
    90.0: Image.Transpose.ROTATE_270,  # Pillow's rotations are counter-clockwise
    180.0: Image.Transpose.ROTATE_180,
    270.0: Image.Transpose.ROTATE_90,
}


def plan(x0: int, y0: int, w: int, h: int, angle: float, pad: int, bounds: Box) -> Plan | None:
    """Which part of the element's tile to draw and where it goes; None if nothing reaches ``bounds``."""
    extent = (-pad, -pad, w + pad, h + pad)
    if angle == 0:
        dest = intersect((x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad), bounds)
        if dest is None:
            return None
        window = (dest[0] - x0, dest[1] - y0, dest[2] - x0, dest[3] - y0)
        return Plan(window, dest)
    if (turn := _QUARTER_TURNS.get(angle)) is not None:
        return _quarter_turn(x0, y0, w, h, angle, pad, bounds, turn)
    rad = math.radians(angle)
    cos, sin = round(math.cos(rad), 15), round(math.sin(rad), 15)
    cx, cy = x0 + w / 2, y0 + h / 2
    hw, hh = w / 2, h / 2

    def to_canvas(u: float, v: float) -> tuple[float, float]:
        du, dv = u - hw, v - hh
        return cx + du * cos - dv * sin, cy + du * sin + dv * cos

    def to_tile(px: float, py: float) -> tuple[float, float]:
        dx, dy = px - cx, py - cy
        return hw + dx * cos + dy * sin, hh - dx * sin + dy * cos

    corners = [(extent[0], extent[1]), (extent[2], extent[1]), (extent[2], extent[3]), (extent[0], extent[3])]
    reach = intersect(_bbox(to_canvas(u, v) for u, v in corners), bounds)
    if reach is None:
        return None
    dest = reach
    back = _bbox(
        to_tile(px, py)
        for px, py in [(dest[0], dest[1]), (dest[2], dest[1]), (dest[2], dest[3]), (dest[0], dest[3])]
    )
    margin = 2  # bicubic support
    part = intersect((back[0] - margin, back[1] - margin, back[2] + margin, back[3] + margin), extent)
    if part is None:
        return None
    u0, v0 = part[0], part[1]
    affine = (
        cos,
        sin,
        cos * (dest[0] - cx) + sin * (dest[1] - cy) + hw - u0,
        -sin,
        cos,
        -sin * (dest[0] - cx) + cos * (dest[1] - cy) + hh - v0,
    )
    return Plan(part, dest, affine=affine)

def _quarter_turn(
    x0: int, y0: int, w: int, h: int, angle: float, pad: int, bounds: Box, turn: Image.Transpose
) -> Plan | None:
    rw, rh = (h, w) if angle != 180 else (w, h)
    # the turned tile's top-left, on the pixel grid (half a pixel off when w and h differ in parity)
    ox = math.floor(x0 + w / 2 - rw / 2 + 0.5)
    oy = math.floor(y0 + h / 2 - rh / 2 + 0.5)
    dest = intersect((ox - pad, oy - pad, ox + rw + pad, oy + rh + pad), bounds)
    if dest is None:
        return None
    a0, b0, a1, b1 = dest[0] - ox, dest[1] - oy, dest[2] - ox, dest[3] - oy  # in the turned tile
    if angle == 90:  # (u, v) -> (h - v, u)
        window = (b0, h - a1, b1, h - a0)
    elif angle == 180:  # (u, v) -> (w - u, h - v)
        window = (w - a1, h - b1, w - a0, h - b0)
    else:  # 270: (u, v) -> (v, w - u)
        window = (w - b1, a0, w - b0, a1)
    return Plan(window, dest, transpose=turn)
