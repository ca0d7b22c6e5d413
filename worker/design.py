"""From a task's parameters to a poster: the layers and elements, drawn with the Design service's renderer.

The same description is rendered here (the preview) and sent to the Design service (the editable poster), so
the poster a user opens is exactly what the preview shows. Deterministic: the same parameters give the same
poster (the layout's choices are seeded from the prompt).
"""

from __future__ import annotations

import hashlib
import random
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


def _palette(params: PosterGenerateParams) -> list[str]:
    base = PALETTES[params.style]
    return [*params.palette, *base[len(params.palette):]] if params.palette else base


def _decor(style: str, w: int, h: int, colours: list[str], rng: random.Random) -> list[ElementBody]:
    accent, second = colours[2], colours[3]
    if style == "bold":
        return [ShapeElement(x=0, y=h * (0.1 + 0.12 * n), width=w, height=h * 0.05, fill=accent if n % 2 else second,
                             rotation=rng.uniform(-4, 4)) for n in range(4)]
    if style == "elegant":
        margin = w * 0.05
        return [ShapeElement(x=margin, y=margin, width=w - 2 * margin, height=h - 2 * margin, stroke=accent,
                             stroke_width=max(2.0, w / 300)),
                ShapeElement(shape="line", x=w * 0.3, y=h * 0.62, width=w * 0.4, height=2, stroke=accent,
                             stroke_width=2)]
    if style == "playful":
        return [ShapeElement(shape="ellipse", x=rng.uniform(-0.1, 0.8) * w, y=rng.uniform(-0.05, 0.9) * h,
                             width=size, height=size, fill=(accent, second, colours[1])[n % 3],
                             opacity=rng.uniform(0.5, 0.9))
                for n, size in enumerate(rng.uniform(0.1, 0.35) * w for _ in range(7))]
    if style == "retro":
        sun = w * 0.7
        return [ShapeElement(shape="ellipse", x=(w - sun) / 2, y=h * 0.12, width=sun, height=sun, fill=accent),
                *[ShapeElement(x=0, y=h * 0.12 + sun * (0.55 + 0.09 * n), width=w, height=sun * 0.03 * (n + 1),
                               fill=colours[0]) for n in range(4)]]
    size = w * rng.uniform(0.45, 0.7)  # minimal
    return [ShapeElement(shape="ellipse", x=w - size * 0.75, y=-size * 0.25, width=size, height=size, fill=accent),
            ShapeElement(shape="line", x=w * 0.08, y=h * 0.66, width=w * 0.3, height=4, stroke=colours[1],
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


def plan(params: PosterGenerateParams, reference_ids: list[str]) -> PosterPlan:
    w, h = params.size.width, params.size.height
    colours = _palette(params)
    rng = random.Random(hashlib.sha256(params.model_dump_json().encode()).digest())  # noqa: S311 - layout, not secrets
    title, subtitle = _headline(params)
    ink = colours[1]
    text: list[ElementBody] = [TextElement(content=title, x=w * 0.08, y=h * 0.68, width=w * 0.84, height=h * 0.14,
                                           font_size=max(24.0, w / 12), color=ink, align="left", line_height=1.1)]
    if subtitle:
        text.append(TextElement(content=subtitle, x=w * 0.08, y=h * 0.84, width=w * 0.84, height=h * 0.1,
                                font_size=max(14.0, w / 36), color=ink, align="left"))
    layers = [NewLayer(name="Decoration", elements=_decor(params.style, w, h, colours, rng))]
    if reference_ids:
        layers.append(NewLayer(name="Images", elements=_references(reference_ids, w, h)))
    layers.append(NewLayer(name="Text", elements=text))
    return PosterPlan(title=title[:200], width=w, height=h, background=Background(color=colours[0]), layers=layers)
