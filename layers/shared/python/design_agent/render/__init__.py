"""Render a :class:`~design_agent.contracts.designs.PosterDocument` to a PNG with Pillow.

Pure: document + loaders in, PNG bytes out. No AWS, no network, no environment reads. The caller supplies
``images(file_id)`` and ``fonts(font_id)`` (the Design service reads them from the Storage service), and may
supply ``font_scripts(font_id)`` (the scripts the File service's coverage report lists for a registered font);
``None`` from a loader means "unavailable": images become a neutral placeholder (light grey box with a
diagonal cross), text falls back along its font chain, and the ids are reported in
:attr:`RenderResult.missing_images` / :attr:`RenderResult.missing_fonts`. Exceptions raised by a loader
propagate (an outage should fail the render, not silently produce a wrong poster).

The package, by concern:

* :mod:`.layout` — where lines break (CJK between characters, line-start/line-end rules), shrink-to-fit;
* :mod:`.typefaces` — the per-glyph font chain (element font, the poster's other fonts, Latin default,
  bundled Noto Sans CJK, symbols/emoji) and the fonts' cmaps;
* :mod:`.text`, :mod:`.shapes`, :mod:`.pictures` — drawing one element into its tile;
* :mod:`.geometry`, :mod:`.compose` — placing tiles (rotation, layers, opacity) on the canvas;
* :mod:`.encode` — the PNG.

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

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from design_agent.contracts.designs import PosterDocument, TextElement
from design_agent.render.compose import Loader, Renderer
from design_agent.render.encode import PNG_COMPRESS_LEVEL, encode_png
from design_agent.render.layout import wrap_text
from design_agent.render.limits import (
    DEFAULT_MAX_PIXELS,
    MAX_EDGE,
    MAX_SCALE,
    InvalidRenderOptions,
    RenderTooLarge,
    output_size,
    parse_colour,
)
from design_agent.render.pictures import PLACEHOLDER_FILL, PLACEHOLDER_LINE
from design_agent.render.typefaces import FontLibrary

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "MAX_EDGE",
    "MAX_SCALE",
    "PLACEHOLDER_FILL",
    "PLACEHOLDER_LINE",
    "PNG_COMPRESS_LEVEL",
    "InvalidRenderOptions",
    "RenderResult",
    "RenderTooLarge",
    "output_size",
    "parse_colour",
    "render_png",
    "wrap_text",
]

MAX_WORKERS = 4


@dataclass(frozen=True, slots=True)
class RenderResult:
    png: bytes
    width: int
    height: int
    missing_images: list[str] = field(default_factory=list)
    """Image ids the loader did not return, or returned as undecodable/too large data (placeholder drawn)."""
    missing_fonts: list[str] = field(default_factory=list)
    """Font ids the loader did not return, or returned as unusable data (the rest of the chain used)."""
    missing_characters: list[str] = field(default_factory=list)
    """Characters no font of their chain maps: left out of the drawing (never drawn as a box)."""
    elements_drawn: int = 0
    """Elements that put pixels on the canvas (not groups, hidden, fully transparent or off-canvas ones)."""


def default_workers() -> int:
    """Threads for drawing tiles: the CPUs this process may use (a Lambda function gets more with memory)."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def render_png(
    document: PosterDocument,
    *,
    images: Loader,
    fonts: Loader,
    font_scripts: Callable[[str], Collection[str] | None] | None = None,
    scale: float = 1.0,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    compress_level: int = PNG_COMPRESS_LEVEL,
    workers: int | None = None,
) -> RenderResult:
    """Render ``document`` at ``scale`` to a PNG (RGB when the result is opaque, RGBA otherwise).

    ``images(file_id)`` / ``fonts(font_id)`` return the file's bytes or ``None`` if unavailable;
    ``font_scripts(font_id)``, when given, says which scripts a font covers, so the fallback chain loads a
    poster's other fonts only for characters they can set. Raises :class:`InvalidRenderOptions` (422) for a
    bad scale and :class:`RenderTooLarge` (413) above ``max_pixels`` or :data:`MAX_EDGE` px per side.
    ``compress_level`` is zlib's 0..9 (the pixels are the same at every level). ``workers`` threads draw
    the elements (default: the usable CPUs, at most 4); the output does not depend on it.
    """
    if not 0 <= compress_level <= 9:
        raise InvalidRenderOptions("The PNG compress level must be between 0 and 9", compress_level=compress_level)
    width, height = output_size(document, scale, max_pixels)
    poster_fonts = [e.body.font_id for e in document.elements if isinstance(e.body, TextElement) and e.body.font_id]
    library = FontLibrary(fonts, font_scripts, poster_fonts)
    renderer = Renderer(document, images, library, scale, workers or default_workers())
    canvas = renderer.render()
    return RenderResult(
        png=encode_png(canvas, compress_level),
        width=width,
        height=height,
        missing_images=renderer.missing_images,
        missing_fonts=[f for f in library.poster_fonts if f in library.missing],
        missing_characters=renderer.missing_chars,
        elements_drawn=renderer.drawn,
    )
