"""Render a :class:`~design_agent.contracts.designs.PosterDocument` to a PNG with Pillow.

Pure: document + two loaders in, PNG bytes out. No AWS, no network, no environment reads. The caller
supplies ``images(file_id)`` and ``fonts(font_id)`` (the Design service reads them from the Storage
service); ``None`` means "unavailable": images become a neutral placeholder (light grey box with a
diagonal cross), text falls back to the built-in default font, and the ids are reported in
:attr:`RenderResult.missing_images` / :attr:`RenderResult.missing_fonts`. Exceptions raised by a loader
propagate (an outage should fail the render, not silently produce a wrong poster).

Drawing model (canvas pixels x ``scale``):

* the background colour, then the background image (``cover``) if any;
* layers by ``order`` ascending (invisible layers and elements of unknown layers are skipped), elements
  of a layer by ``z`` ascending; groups draw nothing (their children are drawn by their own ``z``);
* a layer with ``opacity < 1`` is composited as a group (like Figma/CSS: overlapping elements of the
  same layer do not show through each other), element opacity applies per element;
* every element is drawn into its own RGBA tile of its ``width x height`` and placed so that its centre
  stays at ``(x + w/2, y + h/2)``, rotated clockwise about that centre (affine, bicubic, on premultiplied
  alpha so edges get no dark fringe; quarter turns are exact transposes). Only the part of a tile that
  can reach the canvas is ever drawn, so huge or far off-canvas elements cost no memory.

Colours are ``#rrggbb`` or ``#rrggbbaa``. The output is deterministic for a given input and Pillow build.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from design_agent import errors
from design_agent import images as image_io
from design_agent.contracts.designs import (
    CropBox,
    Element,
    GroupElement,
    ImageElement,
    ImageFilters,
    Layer,
    PosterDocument,
    ShapeElement,
    TextElement,
)

# ------------------------------------------------------------------ errors


class RenderTooLarge(errors.PayloadTooLarge):
    code = "render-too-large"
    title = "The rendered image would be too large"


class InvalidRenderOptions(errors.Unprocessable):
    code = "invalid-render-options"
    title = "The render options are not valid"


# ------------------------------------------------------------------ limits and constants

DEFAULT_MAX_PIXELS: Final = 40_000_000
"""Output limit; the RGBA canvas of 40 MP is 160 MB (plus as much again while a translucent layer is drawn)."""
MAX_EDGE: Final = 16384
MAX_SCALE: Final = 16.0
MAX_SOURCE_PIXELS: Final = image_io.DEFAULT_MAX_PIXELS
"""Per source image (decompression-bomb guard, checked from the header before decoding)."""
SOURCE_CACHE_PIXELS: Final = 100_000_000
"""Decoded images are kept for reuse within one render up to this many pixels in total."""
MAX_FONT_BYTES: Final = 64 * 1024 * 1024
PNG_COMPRESS_LEVEL: Final = 6
MAX_FONT_PX: Final = 4096.0
"""Text is never set larger than this after scaling (one glyph of it is a 16 MB bitmap)."""
LINE_BITMAP_PIXELS: Final = 16_000_000
"""Lines whose bitmap would be larger are cut to the characters that can reach the canvas."""

PLACEHOLDER_FILL: Final = (224, 224, 224, 255)
PLACEHOLDER_LINE: Final = (158, 158, 158, 255)

_SMALL_TILE: Final = 512 * 512  # shapes up to this many pixels are supersampled 4x, up to _MEDIUM_TILE 2x
_MEDIUM_TILE: Final = 2048 * 2048

Loader = Callable[[str], bytes | None]
Rgba = tuple[int, int, int, int]
Box = tuple[int, int, int, int]  # left, top, right, bottom (right/bottom exclusive)


@dataclass(frozen=True, slots=True)
class RenderResult:
    png: bytes
    width: int
    height: int
    missing_images: list[str] = field(default_factory=list)
    """Image ids the loader did not return, or returned as undecodable/too large data (placeholder drawn)."""
    missing_fonts: list[str] = field(default_factory=list)
    """Font ids the loader did not return, or returned as unusable data (default font used)."""
    elements_drawn: int = 0
    """Elements that put pixels on the canvas (not groups, hidden, fully transparent or off-canvas ones)."""


# ------------------------------------------------------------------ small helpers


def parse_colour(value: str) -> Rgba:
    """``#rrggbb`` or ``#rrggbbaa`` as an RGBA tuple."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", value):
        raise InvalidRenderOptions(f"Not a colour: {value!r} (expected #rrggbb or #rrggbbaa)")
    r, g, b = int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
    a = int(value[7:9], 16) if len(value) == 9 else 255
    return r, g, b, a


def _scale_lut(factor: float) -> list[int]:
    return [min(255, round(v * factor)) for v in range(256)]


def _with_opacity(tile: Image.Image, opacity: float) -> Image.Image:
    if opacity >= 1:
        return tile
    tile = tile.copy()
    tile.putalpha(tile.getchannel("A").point(_scale_lut(opacity)))
    return tile


def _solid(mask: Image.Image, colour: Rgba) -> Image.Image:
    """An RGBA tile of one colour whose alpha is ``mask`` x the colour's alpha (no fringes: RGB is constant)."""
    r, g, b, a = colour
    if a < 255:
        mask = mask.point(_scale_lut(a / 255))
    tile = Image.new("RGBA", mask.size, (r, g, b, 0))
    tile.putalpha(mask)
    return tile


def _intersect(a: Box, b: Box) -> Box | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _union(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _bbox(points: Iterable[tuple[float, float]]) -> Box:
    pts = list(points)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


def _sfnt_bytes(data: bytes) -> bytes:
    """TTF/OTF/TTC bytes FreeType can load: WOFF/WOFF2 are unwrapped with fontTools."""
    if data[:4] not in (b"wOFF", b"wOF2"):
        return data
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped,unused-ignore]

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    try:
        font.flavor = None
        buf = io.BytesIO()
        font.save(buf, reorderTables=False)
        return buf.getvalue()
    finally:
        font.close()


# ------------------------------------------------------------------ text layout

_CJK_CHAR: Final = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u3190-\u31ff"
    "\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_TOKEN_RE: Final = re.compile(rf"[^\S\n]+|[{_CJK_CHAR}]|[^\s{_CJK_CHAR}]+")
_NO_BREAK_BEFORE: Final = frozenset("，。、；：？！）》」』】〕〉〗〙〛”’…‥・·～ー,.;:?!)]}%")  # noqa: RUF001
_NO_BREAK_AFTER: Final = frozenset("（《「『【〔〈〖〘〚“‘([{")  # noqa: RUF001


def _tokens(paragraph: str) -> list[str]:
    """Break opportunities: runs of spaces, single CJK characters, and words of other characters.

    Closing punctuation sticks to what precedes it and opening punctuation to what follows it (a light
    form of the Chinese/Japanese line-breaking rules, so a line never starts with a fullwidth comma or ends
    with an opening bracket).
    """
    out: list[str] = []
    for tok in _TOKEN_RE.findall(paragraph):
        if (
            out
            and not out[-1].isspace()
            and not tok.isspace()
            and (tok[0] in _NO_BREAK_BEFORE or out[-1][-1] in _NO_BREAK_AFTER)
        ):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking to ``width``: words for Latin, characters for CJK, explicit newlines kept.

    A word wider than the line is broken between characters. ``measure`` returns a string's advance.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        first = True
        for tok in _tokens(paragraph):
            if tok.isspace():
                if line or first:  # keep a paragraph's indentation, drop spaces at wrapped line starts
                    line += tok
                continue
            if measure(line + tok) <= width:
                line += tok
                first = False
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            first = False
            if measure(tok) <= width:
                line = tok
                continue
            for ch in tok:
                if line and measure(line + ch) > width:
                    lines.append(line)
                    line = ch
                else:
                    line += ch
        lines.append(line.rstrip())
    return lines


def _visible_part(line: str, left: float, lo: float, hi: float, measure: Callable[[str], float]) -> tuple[str, float]:
    """The characters of ``line`` (starting at ``left``) that reach the span ``lo..hi``, and where they start.

    Only used for lines far wider than the canvas; advances are summed per character (no kerning there).
    """
    pos = left
    start_pos: float | None = None
    kept: list[str] = []
    for ch in line:
        advance = measure(ch)
        if pos + advance >= lo and pos <= hi:
            if start_pos is None:
                start_pos = pos
            kept.append(ch)
        elif pos > hi:
            break
        pos += advance
    return "".join(kept), left if start_pos is None else start_pos


# ------------------------------------------------------------------ the renderer


@dataclass(slots=True)
class _Plan:
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


class _Renderer:
    def __init__(self, document: PosterDocument, images: Loader, fonts: Loader, scale: float) -> None:
        self.doc = document
        self.load_image = images
        self.load_font = fonts
        self.scale = scale
        self.width = round(document.poster.width * scale)
        self.height = round(document.poster.height * scale)
        self.missing_images: list[str] = []
        self.missing_fonts: list[str] = []
        self.drawn = 0
        self._sources: dict[str, Image.Image | None] = {}
        self._source_pixels = 0
        self._font_data: dict[str, bytes | None] = {}
        self._faces: dict[tuple[str | None, float], ImageFont.FreeTypeFont] = {}

    # ---------------------------------------------------------- resources

    def _missing(self, bucket: list[str], key: str) -> None:
        if key not in bucket:
            bucket.append(key)

    def source(self, file_id: str) -> Image.Image | None:
        if file_id in self._sources:
            return self._sources[file_id]
        data = self.load_image(file_id)
        im: Image.Image | None = None
        if data is not None:
            try:
                im = image_io.open_image(data, max_pixels=MAX_SOURCE_PIXELS)
            except errors.AppError:  # too large, a bomb, corrupt, not an image: placeholder
                im = None
        if im is not None:
            has_alpha = "A" in im.getbands() or "transparency" in im.info
            if im.mode not in ("RGB", "RGBA", "L", "LA"):
                im = im.convert("RGBA" if has_alpha else "RGB")
        if im is None:
            self._missing(self.missing_images, file_id)
        else:
            pixels = im.width * im.height
            if self._source_pixels + pixels > SOURCE_CACHE_PIXELS:
                self._sources = {k: None for k, v in self._sources.items() if v is None}
                self._source_pixels = 0
            self._source_pixels += pixels
        self._sources[file_id] = im
        return im

    def face(self, font_id: str | None, px: float) -> ImageFont.FreeTypeFont:
        px = max(1.0, round(px, 2))
        key = (font_id, px)
        if (cached := self._faces.get(key)) is not None:
            return cached
        face: ImageFont.FreeTypeFont | None = None
        data = self._font_bytes(font_id) if font_id is not None else None
        if data is not None:
            try:
                face = ImageFont.truetype(io.BytesIO(data), px, index=0)
            except (OSError, ValueError):
                assert font_id is not None
                self._font_data[font_id] = None
                self._missing(self.missing_fonts, font_id)
        if face is None:
            default = ImageFont.load_default(size=px)
            if not isinstance(default, ImageFont.FreeTypeFont):  # pragma: no cover - Pillow without FreeType
                raise errors.AppError("Text rendering needs Pillow with FreeType support")
            face = default
        self._faces[key] = face
        return face

    def _font_bytes(self, font_id: str) -> bytes | None:
        if font_id in self._font_data:
            return self._font_data[font_id]
        data = self.load_font(font_id)
        sfnt: bytes | None = None
        if data is not None and 12 <= len(data) <= MAX_FONT_BYTES:
            try:
                sfnt = _sfnt_bytes(data)
            except Exception:  # fontTools raises many types for broken WOFF data
                sfnt = None
        if sfnt is None:
            self._missing(self.missing_fonts, font_id)
        self._font_data[font_id] = sfnt
        return sfnt

    # ---------------------------------------------------------- geometry

    def plan(self, x0: int, y0: int, w: int, h: int, angle: float, pad: int, bounds: Box) -> _Plan | None:
        """Which part of the element's tile to draw and where it goes; None if nothing reaches ``bounds``."""
        extent = (-pad, -pad, w + pad, h + pad)
        if angle == 0:
            dest = _intersect((x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad), bounds)
            if dest is None:
                return None
            window = (dest[0] - x0, dest[1] - y0, dest[2] - x0, dest[3] - y0)
            return _Plan(window, dest)
        if (turn := _QUARTER_TURNS.get(angle)) is not None:
            return self._quarter_turn(x0, y0, w, h, angle, pad, bounds, turn)
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
        reach = _intersect(_bbox(to_canvas(u, v) for u, v in corners), bounds)
        if reach is None:
            return None
        dest = reach
        back = _bbox(
            to_tile(px, py)
            for px, py in [(dest[0], dest[1]), (dest[2], dest[1]), (dest[2], dest[3]), (dest[0], dest[3])]
        )
        margin = 2  # bicubic support
        part = _intersect((back[0] - margin, back[1] - margin, back[2] + margin, back[3] + margin), extent)
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
        return _Plan(part, dest, affine=affine)

    @staticmethod
    def _quarter_turn(
        x0: int, y0: int, w: int, h: int, angle: float, pad: int, bounds: Box, turn: Image.Transpose
    ) -> _Plan | None:
        rw, rh = (h, w) if angle != 180 else (w, h)
        # the turned tile's top-left, on the pixel grid (half a pixel off when w and h differ in parity)
        ox = math.floor(x0 + w / 2 - rw / 2 + 0.5)
        oy = math.floor(y0 + h / 2 - rh / 2 + 0.5)
        dest = _intersect((ox - pad, oy - pad, ox + rw + pad, oy + rh + pad), bounds)
        if dest is None:
            return None
        a0, b0, a1, b1 = dest[0] - ox, dest[1] - oy, dest[2] - ox, dest[3] - oy  # in the turned tile
        if angle == 90:  # (u, v) -> (h - v, u)
            window = (b0, h - a1, b1, h - a0)
        elif angle == 180:  # (u, v) -> (w - u, h - v)
            window = (w - a1, h - b1, w - a0, h - b0)
        else:  # 270: (u, v) -> (v, w - u)
            window = (w - b1, a0, w - b0, a1)
        return _Plan(window, dest, transpose=turn)

    # ---------------------------------------------------------- drawing

    def render(self) -> Image.Image:
        poster = self.doc.poster
        canvas = Image.new("RGBA", (self.width, self.height), parse_colour(poster.background.color))
        if poster.background.file_id:
            src = self.source(poster.background.file_id)
            if src is not None:  # a missing background image leaves the colour (reported, no placeholder)
                canvas.alpha_composite(
                    fit_image(src, None, "cover", self.width, self.height, (0, 0, self.width, self.height))
                )
        layers = sorted(enumerate(self.doc.layers), key=lambda item: (item[1].order, item[0]))
        by_layer: dict[str, list[tuple[int, int, Element]]] = {}
        for index, element in enumerate(self.doc.elements):
            by_layer.setdefault(element.layer_id, []).append((element.z, index, element))
        for _, layer in layers:
            elements = [e for _, _, e in sorted(by_layer.get(layer.layer_id, []), key=lambda t: (t[0], t[1]))]
            self.draw_layer(canvas, layer, elements)
        return canvas

    def draw_layer(self, canvas: Image.Image, layer: Layer, elements: list[Element]) -> None:
        if not layer.visible or layer.opacity <= 0 or not elements:
            return
        bounds = (0, 0, self.width, self.height)
        if layer.opacity >= 1:
            for element in elements:
                self.draw_element(canvas, element, bounds)
            return
        buffer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        touched: Box | None = None
        for element in elements:
            dest = self.draw_element(buffer, element, bounds)
            if dest is not None:
                touched = _union(touched, dest)
        if touched is not None:
            canvas.alpha_composite(_with_opacity(buffer.crop(touched), layer.opacity), dest=touched[:2])

    def draw_element(self, target: Image.Image, element: Element, bounds: Box) -> Box | None:
        body = element.body
        if isinstance(body, GroupElement) or body.opacity <= 0:
            return None
        s = self.scale
        x0, y0 = round(body.x * s), round(body.y * s)
        w = max(1, round((body.x + body.width) * s) - x0)
        h = max(1, round((body.y + body.height) * s) - y0)
        angle = body.rotation % 360
        if abs(angle) < 1e-9 or abs(angle - 360) < 1e-9:
            angle = 0.0
        pad = 0
        if isinstance(body, ShapeElement) and body.shape == "line":
            pad = math.ceil(self._line_width(body) / 2) + 1
        plan = self.plan(x0, y0, w, h, angle, pad, bounds)
        if plan is None:
            return None
        tile: Image.Image | None
        if isinstance(body, ShapeElement):
            tile = self.shape_tile(body, w, h, plan.window)
        elif isinstance(body, TextElement):
            tile = self.text_tile(body, w, h, plan.window)
        else:
            tile = self.image_tile(body, w, h, plan.window)
        if tile is None:
            return None
        tile = _with_opacity(tile, body.opacity)
        dest = plan.dest
        if plan.transpose is not None:
            tile = tile.transpose(plan.transpose)
        elif plan.affine is not None:
            size = (dest[2] - dest[0], dest[3] - dest[1])
            tile = (
                tile.convert("RGBa")
                .transform(size, Image.Transform.AFFINE, plan.affine, Image.Resampling.BICUBIC)
                .convert("RGBA")
            )
        target.alpha_composite(tile, dest=dest[:2])
        self.drawn += 1
        return dest

    # ---------------------------------------------------------- shapes

    def _line_width(self, body: ShapeElement) -> float:
        return max(1.0, body.stroke_width * self.scale)

    def shape_tile(self, body: ShapeElement, w: int, h: int, window: Box) -> Image.Image | None:
        u0, v0, u1, v1 = window
        ww, wh = u1 - u0, v1 - v0
        s = self.scale
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
                lw = max(1, round(self._line_width(body) * ss))
                ends = [(ox, oy), (ox + w * ss, oy + h * ss)]
                fill_mask = mask(lambda d: d.line(ends, fill=255, width=lw))
            elif body.shape == "ellipse":
                fill_mask = mask(lambda d: d.ellipse(box, fill=255))
            elif plain:
                fill_mask = mask(lambda d: d.rectangle(box, fill=255))
            else:
                fill_mask = mask(lambda d: d.rounded_rectangle(box, radius=radius * ss, fill=255))
            tile = _solid(fill_mask, fill)
        if stroke is not None:
            sw = max(1, round(body.stroke_width * s * ss))
            if body.shape == "ellipse":
                stroke_mask = mask(lambda d: d.ellipse(box, outline=255, width=sw))
            elif plain:
                stroke_mask = mask(lambda d: d.rectangle(box, outline=255, width=sw))
            else:
                stroke_mask = mask(lambda d: d.rounded_rectangle(box, radius=radius * ss, outline=255, width=sw))
            stroke_tile = _solid(stroke_mask, stroke)
            tile = stroke_tile if tile is None else Image.alpha_composite(tile, stroke_tile)
        return tile

    # ---------------------------------------------------------- text

    def text_tile(self, body: TextElement, w: int, h: int, window: Box) -> Image.Image | None:
        u0, v0, u1, v1 = window
        colour = parse_colour(body.color)
        if colour[3] == 0:
            return None
        px = min(body.font_size * self.scale, MAX_FONT_PX)
        font = self.face(body.font_id, px)
        lines = wrap_text(body.content, w, font.getlength)
        ascent, descent = font.getmetrics()
        pitch = px * body.line_height
        half_leading = (pitch - (ascent + descent)) / 2
        x, anchor = {"left": (0.0, "ls"), "center": (w / 2, "ms"), "right": (float(w), "rs")}[body.align]
        mask = Image.new("L", (u1 - u0, v1 - v0), 0)
        draw = ImageDraw.Draw(mask)
        inked = False
        for i, line in enumerate(lines):
            baseline = i * pitch + half_leading + ascent
            if baseline - ascent - px > v1:
                break
            if not line or baseline + descent + px < v0:
                continue
            length = font.getlength(line)
            if length * (ascent + descent) > LINE_BITMAP_PIXELS:  # Pillow rasterises a whole line at once
                left = {"left": x, "center": x - length / 2, "right": x - length}[body.align]
                line, left = _visible_part(line, left, u0 - px / 2, u1 + px / 2, font.getlength)
                draw.text((left - u0, baseline - v0), line, fill=255, font=font, anchor="ls")
            else:
                draw.text((x - u0, baseline - v0), line, fill=255, font=font, anchor=anchor)
            inked = True
        return _solid(mask, colour) if inked else None

    # ---------------------------------------------------------- images

    def image_tile(self, body: ImageElement, w: int, h: int, window: Box) -> Image.Image:
        src = self.source(body.file_id)
        if src is None:
            return self.placeholder(w, h, window)
        radius = body.filters.blur * self.scale
        if radius <= 0:
            return apply_filters(fit_image(src, body.crop, body.fit, w, h, window), body.filters, 0)
        margin = math.ceil(radius * 3)
        u0, v0, u1, v1 = window
        wider = _intersect((u0 - margin, v0 - margin, u1 + margin, v1 + margin), (0, 0, w, h)) or window
        tile = apply_filters(fit_image(src, body.crop, body.fit, w, h, wider), body.filters, radius)
        return tile.crop((u0 - wider[0], v0 - wider[1], u1 - wider[0], v1 - wider[1]))

    def placeholder(self, w: int, h: int, window: Box) -> Image.Image:
        u0, v0, u1, v1 = window
        tile = Image.new("RGBA", (u1 - u0, v1 - v0), PLACEHOLDER_FILL)
        draw = ImageDraw.Draw(tile)
        lw = max(1, round(2 * self.scale))
        left, top, right, bottom = -u0, -v0, w - u0 - 1, h - v0 - 1
        draw.line([(left, top), (right, bottom)], fill=PLACEHOLDER_LINE, width=lw)
        draw.line([(right, top), (left, bottom)], fill=PLACEHOLDER_LINE, width=lw)
        draw.rectangle((left, top, right, bottom), outline=PLACEHOLDER_LINE, width=lw)
        return tile


def fit_image(src: Image.Image, crop: CropBox | None, fit: str, w: int, h: int, window: Box) -> Image.Image:
    """The ``window`` (tile coordinates) of ``src``'s crop fitted into a ``w x h`` box, as RGBA.

    ``fill`` stretches, ``contain`` letterboxes (transparent bars), ``cover`` crops the centre. The
    crop and the fit are one resampling step (``resize(box=...)``), only over the visible window.
    """
    if crop is not None:  # a hard crop on the pixel grid: resampling must not bleed in what is cropped away
        iw, ih = src.size
        cl, ct = min(iw - 1, round(crop.x * iw)), min(ih - 1, round(crop.y * ih))
        cr = max(cl + 1, min(iw, round((crop.x + crop.width) * iw)))
        cb = max(ct + 1, min(ih, round((crop.y + crop.height) * ih)))
        if (cl, ct, cr, cb) != (0, 0, iw, ih):
            src = src.crop((cl, ct, cr, cb))
    iw, ih = src.size
    left, top, right, bottom = 0.0, 0.0, float(iw), float(ih)  # the source region that maps onto ``dest``
    dest: Box = (0, 0, w, h)
    if fit == "cover":
        k = max(w / iw, h / ih)
        vw, vh = w / k, h / k
        left, top = (iw - vw) / 2, (ih - vh) / 2
        right, bottom = left + vw, top + vh
    elif fit == "contain":
        k = min(w / iw, h / ih)
        dw, dh = max(1, round(iw * k)), max(1, round(ih * k))
        dx, dy = (w - dw) // 2, (h - dh) // 2
        dest = (dx, dy, dx + dw, dy + dh)
    u0, v0, u1, v1 = window
    size = (u1 - u0, v1 - v0)
    part_box = _intersect(dest, window)
    if part_box is None:
        return Image.new("RGBA", size, (0, 0, 0, 0))
    kx = (right - left) / (dest[2] - dest[0])
    ky = (bottom - top) / (dest[3] - dest[1])
    sub = (
        left + (part_box[0] - dest[0]) * kx,
        top + (part_box[1] - dest[1]) * ky,
        left + (part_box[2] - dest[0]) * kx,
        top + (part_box[3] - dest[1]) * ky,
    )
    part_size = (part_box[2] - part_box[0], part_box[3] - part_box[1])
    part = src.resize(part_size, Image.Resampling.LANCZOS, box=sub, reducing_gap=3.0)
    if part.mode != "RGBA":
        part = part.convert("RGBA")
    if part_box == window:
        return part
    tile = Image.new("RGBA", size, (0, 0, 0, 0))
    tile.paste(part, (part_box[0] - u0, part_box[1] - v0))
    return tile


def apply_filters(tile: Image.Image, filters: ImageFilters, blur_radius: float) -> Image.Image:
    """Grayscale, brightness and contrast with CSS ``filter`` semantics (contrast pivots on 50% grey, so the
    result does not depend on which part of the image is visible), then a Gaussian blur on premultiplied
    alpha. ``blur_radius`` is in output pixels."""
    if filters.grayscale or filters.brightness != 1 or filters.contrast != 1:
        alpha = tile.getchannel("A")
        rgb = tile.convert("RGB")
        if filters.grayscale:
            rgb = rgb.convert("L").convert("RGB")
        if filters.brightness != 1 or filters.contrast != 1:
            b, c = filters.brightness, filters.contrast
            lut = [max(0, min(255, round((v * b - 127.5) * c + 127.5))) for v in range(256)]
            rgb = rgb.point(lut * 3)
        rgb.putalpha(alpha)
        tile = rgb
    if blur_radius > 0:
        tile = tile.convert("RGBa").filter(ImageFilter.GaussianBlur(blur_radius)).convert("RGBA")
    return tile


# ------------------------------------------------------------------ entry point


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


def render_png(
    document: PosterDocument,
    *,
    images: Loader,
    fonts: Loader,
    scale: float = 1.0,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    compress_level: int = PNG_COMPRESS_LEVEL,
) -> RenderResult:
    """Render ``document`` at ``scale`` to a PNG (RGB when the result is opaque, RGBA otherwise).

    ``images(file_id)`` / ``fonts(font_id)`` return the file's bytes or ``None`` if unavailable.
    Raises :class:`InvalidRenderOptions` (422) for a bad scale and :class:`RenderTooLarge` (413) above
    ``max_pixels`` or :data:`MAX_EDGE` px per side. ``compress_level`` is zlib's 0..9: on a busy
    1080x1920 poster 1 encodes ~3x faster than 6 for a ~15% larger file.
    """
    if not 0 <= compress_level <= 9:
        raise InvalidRenderOptions("The PNG compress level must be between 0 and 9", compress_level=compress_level)
    width, height = output_size(document, scale, max_pixels)
    renderer = _Renderer(document, images, fonts, scale)
    canvas = renderer.render()
    out = canvas.convert("RGB") if canvas.getchannel("A").getextrema() == (255, 255) else canvas
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=compress_level)
    return RenderResult(
        png=buf.getvalue(),
        width=width,
        height=height,
        missing_images=renderer.missing_images,
        missing_fonts=renderer.missing_fonts,
        elements_drawn=renderer.drawn,
    )
