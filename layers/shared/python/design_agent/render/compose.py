"""Compositing: the background, then layers by ``order`` and elements by ``z``, each element's tile placed
(rotated about its centre when asked) onto the canvas or onto its translucent layer's buffer.

Tiles do not depend on one another, so they are drawn by a few threads (Pillow releases the GIL while it
decodes, resamples and transforms) and composited in document order by one: the output is the same for any
number of threads.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PIL import Image

from design_agent import errors
from design_agent import images as image_io
from design_agent.contracts.designs import (
    Element,
    GroupElement,
    ImageElement,
    Layer,
    PosterDocument,
    ShapeElement,
    TextElement,
)
from design_agent.render.geometry import Box, Plan, plan, union
from design_agent.render.limits import MAX_SOURCE_PIXELS, SOURCE_CACHE_PIXELS, parse_colour
from design_agent.render.pictures import fit_image, image_tile
from design_agent.render.shapes import line_width, shape_tile, with_opacity
from design_agent.render.text import text_tile
from design_agent.render.typefaces import FontLibrary

Loader = Callable[[str], bytes | None]
T = TypeVar("T")
R = TypeVar("R")

_FREETYPE = threading.Lock()
"""Text is set by one thread at a time: the FreeType faces are shared by the whole render."""


@dataclass(slots=True)
class _Job:
    element: Element
    plan: Plan
    w: int
    h: int
    layer: Layer


@dataclass(slots=True)
class _Tile:
    image: Image.Image | None
    dest: Box
    missing_images: list[str] = field(default_factory=list)
    missing_chars: list[str] = field(default_factory=list)
    opaque: bool = False
    """Every pixel's alpha is 255: pasting it is the same as compositing it, and cheaper."""


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``map`` on up to ``workers`` threads, results in order, at most ``2 * workers`` of them held at once."""
    if workers <= 1:
        yield from map(fn, items)
        return
    source = iter(items)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="render") as pool:
        pending: deque[Future[R]] = deque(pool.submit(fn, item) for item in itertools.islice(source, 2 * workers))
        while pending:
            head = pending.popleft()
            for item in source:
                pending.append(pool.submit(fn, item))
                break
            yield head.result()


class Renderer:
    def __init__(self, document: PosterDocument, images: Loader, fonts: FontLibrary, scale: float,
                 workers: int) -> None:
        self.doc = document
        self.load_image = images
        self.fonts = fonts
        self.scale = scale
        self.workers = workers
        self.width = round(document.poster.width * scale)
        self.height = round(document.poster.height * scale)
        self.missing_images: list[str] = []
        self.missing_chars: list[str] = []
        self.drawn = 0
        self._sources: dict[str, Image.Image | None] = {}
        self._source_pixels = 0
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    # ---------------------------------------------------------- resources

    @staticmethod
    def _report(bucket: list[str], items: Iterable[str]) -> None:
        for item in items:
            if item not in bucket:
                bucket.append(item)

    def source(self, file_id: str) -> Image.Image | None:
        """The decoded image ``file_id`` (once per render while the cache budget allows; thread-safe)."""
        with self._lock:
            loading = self._loading.setdefault(file_id, threading.Lock())
        with loading:
            with self._lock:
                if file_id in self._sources:
                    return self._sources[file_id]
            im = self._decode(self.load_image(file_id))
            with self._lock:
                if im is not None:
                    pixels = im.width * im.height
                    if self._source_pixels + pixels > SOURCE_CACHE_PIXELS:
                        self._sources = {k: None for k, v in self._sources.items() if v is None}
                        self._source_pixels = 0
                    self._source_pixels += pixels
                self._sources[file_id] = im
            return im

    @staticmethod
    def _decode(data: bytes | None) -> Image.Image | None:
        if data is None:
            return None
        try:
            im = image_io.open_image(data, max_pixels=MAX_SOURCE_PIXELS)
        except errors.AppError:  # too large, a bomb, corrupt, not an image: placeholder
            return None
        if im.mode not in ("RGB", "RGBA", "L", "LA"):
            has_alpha = "A" in im.getbands() or "transparency" in im.info
            im = im.convert("RGBA" if has_alpha else "RGB")
        return im

    # ---------------------------------------------------------- the canvas

    def render(self) -> Image.Image:
        poster = self.doc.poster
        canvas = Image.new("RGBA", (self.width, self.height), parse_colour(poster.background.color))
        if poster.background.file_id:
            src = self.source(poster.background.file_id)
            if src is None:  # a missing background image leaves the colour (reported, no placeholder)
                self._report(self.missing_images, [poster.background.file_id])
            else:
                canvas.alpha_composite(
                    fit_image(src, None, "cover", self.width, self.height, (0, 0, self.width, self.height))
                )
        buffer: Image.Image | None = None
        touched: Box | None = None
        current: Layer | None = None
        for tile, job in ordered_map(lambda job: (self.tile(job), job), self._jobs(), self.workers):
            if job.layer is not current:
                self._close_layer(canvas, current, buffer, touched)
                current, touched = job.layer, None
                buffer = Image.new("RGBA", canvas.size, (0, 0, 0, 0)) if job.layer.opacity < 1 else None
            self._report(self.missing_images, tile.missing_images)
            self._report(self.missing_chars, tile.missing_chars)
            if tile.image is None:
                continue
            target = buffer if buffer is not None else canvas
            if tile.opaque:
                target.paste(tile.image, tile.dest[:2])
            else:
                target.alpha_composite(tile.image, dest=tile.dest[:2])
            touched = union(touched, tile.dest)
            self.drawn += 1
        self._close_layer(canvas, current, buffer, touched)
        return canvas

    @staticmethod
    def _close_layer(canvas: Image.Image, layer: Layer | None, buffer: Image.Image | None, touched: Box | None,
                     ) -> None:
        """A translucent layer is composited as a group (like Figma/CSS): its elements do not show through
        each other."""
        if layer is not None and buffer is not None and touched is not None:
            canvas.alpha_composite(with_opacity(buffer.crop(touched), layer.opacity), dest=touched[:2])

    def _jobs(self) -> Iterator[_Job]:
        """Elements in drawing order, with the part of each that reaches the canvas."""
        bounds = (0, 0, self.width, self.height)
        by_layer: dict[str, list[tuple[int, int, Element]]] = {}
        for index, element in enumerate(self.doc.elements):
            by_layer.setdefault(element.layer_id, []).append((element.z, index, element))
        for _, layer in sorted(enumerate(self.doc.layers), key=lambda item: (item[1].order, item[0])):
            if not layer.visible or layer.opacity <= 0:
                continue
            for _, _, element in sorted(by_layer.get(layer.layer_id, []), key=lambda t: (t[0], t[1])):
                job = self._job(element, layer, bounds)
                if job is not None:
                    yield job

    def _job(self, element: Element, layer: Layer, bounds: Box) -> _Job | None:
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
            pad = math.ceil(line_width(body, s) / 2) + 1
        where = plan(x0, y0, w, h, angle, pad, bounds)
        return None if where is None else _Job(element, where, w, h, layer)

    # ---------------------------------------------------------- one element

    def tile(self, job: _Job) -> _Tile:
        """The element's pixels as they land on the canvas (opacity applied, rotated), and what was missing."""
        body, where, w, h = job.element.body, job.plan, job.w, job.h
        result = _Tile(None, where.dest)
        tile: Image.Image | None
        if isinstance(body, ShapeElement):
            tile = shape_tile(body, w, h, where.window, self.scale)
        elif isinstance(body, TextElement):
            with _FREETYPE:
                text = text_tile(body, w, h, where.window, self.scale, self.fonts)
            tile, result.missing_chars = text.tile, text.missing
        elif isinstance(body, ImageElement):
            src = self.source(body.file_id)
            if src is None:
                result.missing_images.append(body.file_id)
            tile = image_tile(src, body, w, h, where.window, self.scale)
        else:  # pragma: no cover - groups never get a job
            tile = None
        if tile is None:
            return result
        tile = with_opacity(tile, body.opacity)
        if where.transpose is not None:
            tile = tile.transpose(where.transpose)
        elif where.affine is not None:
            size = (where.dest[2] - where.dest[0], where.dest[3] - where.dest[1])
            tile = (
                tile.convert("RGBa")
                .transform(size, Image.Transform.AFFINE, where.affine, Image.Resampling.BICUBIC)
                .convert("RGBA")
            )
        result.image = tile
        if not isinstance(body, TextElement) and where.affine is None:  # text and rotated edges are never opaque
            extrema: Any = tile.getextrema()  # per band: ((min, max), ...) for RGBA
            result.opaque = extrema[3][0] == 255
        return result
