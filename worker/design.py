"""From a task's parameters to a poster: the layers and elements, drawn with the Design service's renderer.

The same description is rendered here (the preview) and sent to the Design service (the editable poster), so
the poster a user opens is exactly what the preview shows. Deterministic: the same parameters give the same
poster (the layout's choices are seeded from the prompt).
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from design_agent.contracts.designs import (
    Background,
    Element,
    ElementBody,
    ImageElement,
    Layer,
    NewLayer,
    Poster,
    PosterDocument,
    ShapeElement,
    TextElement,
)
from design_agent.contracts.tasks import PosterGenerateParams

PALETTES: dict[str, list[str]] = {
    "minimal": ["#f4f1ea", "#1f1f1f", "#d9472b", "#8a8a8a"],
    "bold": ["#111111", "#ffd400", "#ff3b30", "#ffffff"],
    "elegant": ["#1c2331", "#c9a96e", "#f5efe6", "#6b7a8f"],
    "playful": ["#fff4d6", "#ff6f91", "#2ec4b6", "#3d5a80"],
    "retro": ["#f2e3c6", "#e07a5f", "#3d405b", "#81b29a"],
}


@dataclass
class PosterPlan:
    """A poster before the Design service has given its parts ids."""

    title: str
    width: int
    height: int
    background: Background
    layers: list[NewLayer] = field(default_factory=list)

    def document(self) -> PosterDocument:
        """The plan as a document the renderer draws (local ids; the Design service assigns the real ones)."""
        now = datetime.now(UTC)
        poster = Poster(poster_id="pst_preview", owner_id="preview", title=self.title, width=self.width,
                        height=self.height, background=self.background, version=1, created_at=now, updated_at=now)
        layers, elements = [], []
        for order, new in enumerate(self.layers):
            layer = Layer(layer_id=f"lyr_{order}", name=new.name, order=order, visible=new.visible,
                          locked=new.locked, opacity=new.opacity)
            layers.append(layer)
            elements += [Element(element_id=f"elm_{order}_{z}", layer_id=layer.layer_id, z=z, body=body)
                         for z, body in enumerate(new.elements)]
        return PosterDocument(poster=poster, layers=layers, elements=elements)


def _headline(params: PosterGenerateParams) -> tuple[str, str | None]:
    if params.title:
        return params.title, params.subtitle
    words = params.prompt.split()
    return " ".join(words[:6]), params.subtitle or (" ".join(words[6:30]) or None)


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TITLE_BREAKS = re.compile("(?<=[：:，,、！!？?]|\\s)(?=\\S)")  # noqa: RUF001 - fullwidth on purpose


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def dominant_colours(images: Mapping[str, bytes], count: int = 6) -> list[tuple[int, int, int]]:
    """The main colours of the reference images, most covering first (median cut on small copies)."""
    from PIL import Image

    weights: dict[tuple[int, int, int], int] = {}
    for data in images.values():
        try:
            with Image.open(io.BytesIO(data)) as im:
                im.draft("RGB", (128, 128))
                small = im.convert("RGB")
                small.thumbnail((96, 96))
        except (OSError, ValueError):
            continue  # not an image the worker can read: it simply gives no colours
        quantized = small.quantize(colors=count, method=Image.Quantize.MEDIANCUT)
        palette = quantized.getpalette() or []
        for pixels, index in quantized.getcolors() or []:
            assert isinstance(index, int)  # a "P" image's colours are palette indexes
            colour = (palette[3 * index], palette[3 * index + 1], palette[3 * index + 2])
            weights[colour] = weights.get(colour, 0) + pixels
    kept: list[tuple[int, int, int]] = []  # near-duplicates (resampling shades of one colour) merged
    for colour, _ in sorted(weights.items(), key=lambda item: -item[1]):
        if all(sum((a - b) ** 2 for a, b in zip(colour, other, strict=True)) > 32 ** 2 for other in kept):
            kept.append(colour)
    return kept


def _reference_palette(colours: list[tuple[int, int, int]]) -> list[str]:
    """Background: the most covering colour; ink: black or white, whichever reads better on it; accent and
    second: the most saturated of the others that stand out from the background."""
    background = colours[0]
    ink = max(((20, 20, 20), (250, 250, 250)), key=lambda c: _contrast(c, background))

    def saturation(c: tuple[int, int, int]) -> float:
        return colorsys.rgb_to_hsv(*(v / 255 for v in c))[1]

    others = sorted((c for c in colours[1:] if _contrast(c, background) >= 1.5), key=saturation, reverse=True)
    accent = others[0] if others else ink
    second = others[1] if len(others) > 1 else accent
    return [_hex(background), _hex(ink), _hex(accent), _hex(second)]


def _palette(params: PosterGenerateParams, references: Mapping[str, bytes] | None = None) -> list[str]:
    """The caller's palette first, then the colours of the reference images, then the style's own."""
    colours = dominant_colours(references) if references else []
    base = _reference_palette(colours) if colours else PALETTES[params.style]
    return [*params.palette, *base[len(params.palette):]] if params.palette else base


def title_lines(title: str) -> str:
    """A CJK title set on lines at its natural pauses (after a colon, comma or space), never inside a word;
    pieces of up to four characters stay with their neighbour, and at most three lines are made (else the
    renderer breaks the title where it must)."""
    if not _CJK.search(title):
        return title
    pieces = [p for p in _TITLE_BREAKS.split(title) if p]
    lines: list[str] = []
    for piece in pieces:
        if lines and (len(lines[-1].strip()) <= 4 or len(piece.strip()) <= 4):
            lines[-1] += piece
        else:
            lines.append(piece)
    lines = [line.strip() for line in lines]
    return "\n".join(lines) if len(lines) <= 3 else title


# The text sits in the lower third from TITLE_Y down; decorations stay above RULE_Y (a rule sits on it, over the
# title's left edge), except a frame around everything.
TITLE_Y = 0.64
RULE_Y = 0.61


def _decor(style: str, w: int, h: int, colours: list[str], rng: random.Random) -> list[ElementBody]:
    accent, second = colours[2], colours[3]
    if style == "bold":
        return [ShapeElement(x=0, y=h * (0.1 + 0.12 * n), width=w, height=h * 0.05, fill=accent if n % 2 else second,
                             rotation=rng.uniform(-4, 4)) for n in range(4)]
    if style == "elegant":
        margin = w * 0.05
        return [ShapeElement(x=margin, y=margin, width=w - 2 * margin, height=h - 2 * margin, stroke=accent,
                             stroke_width=max(2.0, w / 300)),
                ShapeElement(shape="line", x=w * 0.08, y=h * RULE_Y, width=w * 0.2, height=2, stroke=accent,
                             stroke_width=2)]
    if style == "playful":
        return [ShapeElement(shape="ellipse", x=rng.uniform(-0.1, 0.8) * w,
                             y=rng.uniform(-0.05 * h, h * RULE_Y - size), width=size, height=size,
                             fill=(accent, second, colours[1])[n % 3], opacity=rng.uniform(0.5, 0.9))
                for n, size in enumerate(rng.uniform(0.1, 0.35) * w for _ in range(7))]
    if style == "retro":
        sun = w * 0.7
        return [ShapeElement(shape="ellipse", x=(w - sun) / 2, y=h * 0.12, width=sun, height=sun, fill=accent),
                *[ShapeElement(x=0, y=h * 0.12 + sun * (0.55 + 0.09 * n), width=w, height=sun * 0.03 * (n + 1),
                               fill=colours[0]) for n in range(4)]]
    size = w * rng.uniform(0.45, 0.7)  # minimal
    return [ShapeElement(shape="ellipse", x=w - size * 0.75, y=-size * 0.25, width=size, height=size, fill=accent),
            ShapeElement(shape="line", x=w * 0.08, y=h * RULE_Y, width=w * 0.3, height=4, stroke=colours[1],
                         stroke_width=4)]


def _references(file_ids: list[str], w: int, h: int) -> list[ElementBody]:
    """Up to four reference images in a row of tiles across the middle of the poster."""
    if not file_ids:
        return []
    gap = w * 0.03
    tile = (w * 0.84 - gap * (len(file_ids) - 1)) / len(file_ids)
    height = min(tile * 1.25, h * 0.3)
    return [ImageElement(file_id=file_id, x=w * 0.08 + n * (tile + gap), y=h * 0.3, width=tile, height=height,
                         fit="cover") for n, file_id in enumerate(file_ids)]


def _text_layer(params: PosterGenerateParams, w: int, h: int, ink: str, accent: str) -> list[ElementBody]:
    """The title large and heavy, the subtitle a third of its size and regular, both shrunk to their boxes;
    Chinese, Japanese and Korean titles are set larger and on lines at their natural pauses."""
    title, subtitle = _headline(params)
    cjk = bool(_CJK.search(title + (subtitle or "")))
    text: list[ElementBody] = [
        TextElement(content=title_lines(title), x=w * 0.08, y=h * TITLE_Y, width=w * 0.84, height=h * 0.2,
                    font_size=w / 7 if cjk else max(24.0, w / 12), min_font_size=max(12.0, w / 40),
                    font_weight=900 if cjk else 700, fit="shrink", color=ink, align="left",
                    line_height=1.15 if cjk else 1.1)]
    if subtitle:
        text.append(ShapeElement(x=w * 0.08, y=h * 0.855, width=w * 0.12, height=max(2.0, h / 320), fill=accent))
        text.append(TextElement(content=subtitle, x=w * 0.08, y=h * 0.87, width=w * 0.84, height=h * 0.08,
                                font_size=w / 22 if cjk else max(14.0, w / 36), min_font_size=max(10.0, w / 60),
                                font_weight=400, fit="shrink", color=ink, align="left"))
    return text


def plan(params: PosterGenerateParams, reference_ids: list[str],
         references: Mapping[str, bytes] | None = None) -> PosterPlan:
    """The poster for ``params``; ``references`` (the reference images' bytes by id), when given, set the
    palette (their dominant colours) unless the caller chose one."""
    w, h = params.size.width, params.size.height
    colours = _palette(params, references)
    rng = random.Random(hashlib.sha256(params.model_dump_json().encode()).digest())  # noqa: S311 - layout, not secrets
    title, _ = _headline(params)
    layers = [NewLayer(name="Decoration", elements=_decor(params.style, w, h, colours, rng))]
    if reference_ids:
        layers.append(NewLayer(name="Images", elements=_references(reference_ids, w, h)))
    layers.append(NewLayer(name="Text", elements=_text_layer(params, w, h, colours[1], colours[2])))
    return PosterPlan(title=title[:200], width=w, height=h, background=Background(color=colours[0]), layers=layers)
