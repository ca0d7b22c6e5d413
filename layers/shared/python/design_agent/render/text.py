"""Element drawing: text. Lines are laid out (:mod:`.layout`), cut into runs of one font each
(:mod:`.typefaces`) and drawn run by run into a coverage mask, which is then filled with the text's colour."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from design_agent.contracts.designs import TextElement
from design_agent.render.geometry import Box
from design_agent.render.layout import VERTICAL_FORMS, break_lines, fit_size, visible_part
from design_agent.render.limits import LINE_BITMAP_PIXELS, MAX_FONT_PX, parse_colour
from design_agent.render.shapes import solid
from design_agent.render.typefaces import FontChain, FontLibrary, Typeface, text_language


@dataclass
class TextResult:
    tile: Image.Image | None
    missing: list[str] = field(default_factory=list)
    """Characters no font of the chain maps (left out of the drawing)."""


def _px(size: float) -> float:
    return max(1.0, round(min(size, MAX_FONT_PX), 2))


class _Setter:
    """One text element at one size: measuring and drawing through its font chain."""

    def __init__(self, chain: FontChain, px: float, weight: int, uniform: bool = False) -> None:
        self.chain = chain
        self.uniform = uniform
        """Every character of the text is in the primary font: one run per line, no lookups."""
        self.px = px
        self.weight = weight
        self.primary = chain.primary.face(px, weight)
        self._lengths: dict[str, float] = {}

    def face(self, typeface: Typeface) -> ImageFont.FreeTypeFont:
        return typeface.face(self.px, self.weight)

    def runs(self, text: str) -> list[tuple[str, ImageFont.FreeTypeFont]]:
        if self.uniform:
            return [(text, self.primary)] if text else []
        return [(run, self.face(tf)) for run, tf in self.chain.runs(text)[0]]

    def measure(self, text: str) -> float:
        if (known := self._lengths.get(text)) is not None:
            return known
        length = sum(face.getlength(run) for run, face in self.runs(text))
        self._lengths[text] = length
        return length

    def cell(self, text: str) -> float:
        """Vertical text: every character takes one em (a space half of one)."""
        return sum(self.px / 2 if ch.isspace() else self.px for ch in text)


def text_tile(body: TextElement, w: int, h: int, window: Box, scale: float, library: FontLibrary) -> TextResult:
    colour = parse_colour(body.color)
    chain = library.chain(body.font_id, text_language(body.content, body.lang))
    missing = list(dict.fromkeys(chain.runs(body.content)[1]))
    content = "".join(ch for ch in body.content if ch not in missing) if missing else body.content
    if colour[3] == 0:
        return TextResult(None, missing)
    vertical = body.direction == "vertical"
    primary = chain.primary
    uniform = all(primary.has(ch) or ch.isspace() for ch in content)
    px = _px(body.font_size * scale)
    if body.fit == "shrink":
        px = _px(fit_size(px, min(px, _px(body.min_font_size * scale)),
                          lambda size: _fits(_Setter(chain, _px(size), body.font_weight, uniform), content, w, h, body,
                                             vertical)))
    setter = _Setter(chain, px, body.font_weight, uniform)
    mask = Image.new("L", (window[2] - window[0], window[3] - window[1]), 0)
    draw = ImageDraw.Draw(mask)
    inked = (_draw_vertical if vertical else _draw_horizontal)(draw, setter, content, body, w, h, window)
    return TextResult(solid(mask, colour) if inked else None, missing)


def _fits(setter: _Setter, content: str, w: int, h: int, body: TextElement, vertical: bool) -> bool:
    pitch = setter.px * body.line_height
    if vertical:
        lines = break_lines(content, h, setter.cell)
        return lines.words_fit and len(lines.lines) * pitch <= w + 0.5
    lines = break_lines(content, w, setter.measure)
    ascent, descent = setter.primary.getmetrics()
    used = (len(lines.lines) - 1) * pitch + max(pitch, ascent + descent)
    return lines.words_fit and used <= h + 0.5


def _draw_horizontal(draw: ImageDraw.ImageDraw, setter: _Setter, content: str, body: TextElement, w: int,
                     h: int, window: Box) -> bool:
    u0, v0, u1, v1 = window
    px = setter.px
    lines = break_lines(content, w, setter.measure).lines
    ascent, descent = setter.primary.getmetrics()
    pitch = px * body.line_height
    half_leading = (pitch - (ascent + descent)) / 2
    x, anchor = {"left": (0.0, "ls"), "center": (w / 2, "ms"), "right": (float(w), "rs")}[body.align]
    inked = False
    for i, line in enumerate(lines):
        baseline = i * pitch + half_leading + ascent
        if baseline - ascent - px > v1:
            break
        if not line or baseline + descent + px < v0:
            continue
        runs = setter.runs(line)
        length = setter.measure(line)
        left = {"left": x, "center": x - length / 2, "right": x - length}[body.align]
        if len(runs) == 1 and length * (ascent + descent) <= LINE_BITMAP_PIXELS:
            # one font: one call, anchored as the renderer has always drawn a line
            draw.text((x - u0, baseline - v0), line, fill=255, font=runs[0][1], anchor=anchor)
            inked = True
            continue
        for run, face in runs:
            advance = face.getlength(run)
            if left + advance >= u0 - px and left <= u1 + px:
                start = left
                if advance * (ascent + descent) > LINE_BITMAP_PIXELS:  # Pillow rasterises a run at once
                    run, start = visible_part(run, left, u0 - px / 2, u1 + px / 2, face.getlength)
                draw.text((start - u0, baseline - v0), run, fill=255, font=face, anchor="ls")
                inked = True
            left += advance
    return inked


def _draw_vertical(draw: ImageDraw.ImageDraw, setter: _Setter, content: str, body: TextElement, w: int,
                   h: int, window: Box) -> bool:
    """Columns from the right edge, characters upright top to bottom, punctuation in its vertical forms;
    ``align`` places the characters along each column as it places them along a line: left = top,
    center, right = bottom."""
    u0, v0, u1, v1 = window
    px = setter.px
    pitch = px * body.line_height
    inked = False
    for i, column in enumerate(break_lines(content, h, setter.cell).lines):
        cx = w - (i + 0.5) * pitch
        if cx + px < u0 or cx - px > u1:
            continue
        y = {"left": 0.0, "center": (h - setter.cell(column)) / 2, "right": h - setter.cell(column)}[body.align]
        for ch in column:
            if ch.isspace():
                y += px / 2
                continue
            shown = VERTICAL_FORMS.get(ch, ch)
            typeface = setter.chain.font_for(shown) or setter.chain.font_for(ch)
            if typeface is None:
                continue
            if not typeface.has(shown):
                shown = ch
            if v0 - px <= y <= v1:
                draw.text((cx - u0, y + px / 2 - v0), shown, fill=255, font=setter.face(typeface), anchor="mm")
                inked = True
            y += px
    return inked
