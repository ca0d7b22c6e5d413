"""Render a 1080x1920 poster (5 layers, 100 elements) with ``design_agent.render``.

``python -m bench.render_poster`` (add ``--runs N``, ``--scale S``, ``--out poster.png`` to look at it).
The 100 elements are 40 shapes (rectangles, rounded rectangles, ellipses, lines; some stroked, some
translucent, a quarter rotated), 40 texts (Latin and mixed Latin/Chinese, default font, wrapped) and
20 images (20 distinct generated ~1000x800 JPEGs, cover/contain/fill, some cropped, filtered or
rotated). Each run decodes every JPEG again (the renderer only caches within a render) and encodes the
PNG. Also timed for scale: background + the shapes only, and the PNG encode alone.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python"))

from design_agent import render
from design_agent.contracts.designs import (
    Background,
    Element,
    ImageElement,
    Layer,
    Poster,
    PosterDocument,
    ShapeElement,
    TextElement,
)

WIDTH, HEIGHT = 1080, 1920
PHOTO = (1000, 800)
WORDS = [
    "summer",
    "sale",
    "design",
    "poster",
    "festival",
    "music",
    "night",
    "market",
    "open",
    "studio",
    "coffee",
    "launch",
    "event",
]
HANZI = "设计让生活更美好夏日音乐节开幕"


def make_jpeg(seed: int) -> bytes:
    """Photographic-ish content (gradients, soft blobs, grain), quality 85; ~1000x800 with a little variation."""
    w, h = PHOTO[0] + (seed % 5) * 8, PHOTO[1] - (seed % 3) * 8
    size = (w, h)
    gx = Image.linear_gradient("L").rotate(90 * (seed % 4)).resize(size, Image.Resampling.BILINEAR)
    gy = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    blobs = Image.effect_noise((w // 40, h // 40), 60 + seed).resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 18)
    r = Image.blend(gx, blobs, 0.4)
    g = Image.blend(gy, grain, 0.3)
    b = Image.blend(Image.blend(gx, gy, 0.5), blobs.filter(ImageFilter.GaussianBlur(8)), 0.5)
    buf = io.BytesIO()
    Image.merge("RGB", (r, g, b)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def build_document(rng: random.Random, *, kinds: tuple[str, ...] = ("shape", "text", "image")) -> PosterDocument:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    layers = [Layer(layer_id=f"L{i}", name=f"layer {i}", order=i, opacity=0.85 if i == 3 else 1.0) for i in range(5)]
    plan = ["shape"] * 40 + ["text"] * 40 + ["image"] * 20
    rng.shuffle(plan)
    elements: list[Element] = []
    images = 0
    for index, kind in enumerate(plan):
        w, h = rng.uniform(80, 700), rng.uniform(40, 500)
        geo: dict[str, Any] = {
            "x": rng.uniform(-50, WIDTH - w + 50),
            "y": rng.uniform(-50, HEIGHT - h + 50),
            "width": w,
            "height": h,
            "rotation": rng.choice([0, 0, 0, 15, -30, 90]),
            "opacity": rng.choice([1, 1, 1, 0.7]),
        }
        body: Any
        if kind == "shape":
            shape = rng.choice(["rectangle", "rectangle", "ellipse", "line"])
            body = ShapeElement(
                **geo,
                shape=shape,
                fill=f"#{rng.randrange(1 << 24):06x}" + rng.choice(["", "", "99"]),
                stroke=rng.choice([None, "#222222"]),
                stroke_width=rng.choice([0, 2, 6]),
                corner_radius=rng.choice([0, 0, 24]),
            )
        elif kind == "text":
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 14))]
            content = " ".join(words).title()
            if rng.random() < 0.3:
                content += "\n" + "".join(rng.choice(HANZI) for _ in range(rng.randint(4, 16)))
            body = TextElement(
                **geo,
                content=content,
                font_size=rng.choice([18, 24, 36, 48, 72]),
                color=f"#{rng.randrange(1 << 24):06x}",
                align=rng.choice(["left", "center", "right"]),
            )
        else:
            body = ImageElement(
                **geo,
                file_id=f"img-{images}",
                fit=rng.choice(["cover", "cover", "contain", "fill"]),
                crop={"x": 0.1, "y": 0.1, "width": 0.7, "height": 0.8} if rng.random() < 0.3 else None,
                filters={"grayscale": True} if rng.random() < 0.15 else {"blur": 4} if rng.random() < 0.1 else {},
            )
            images += 1
        if kind in kinds:
            elements.append(Element(element_id=f"e{index}", layer_id=f"L{index % 5}", z=index, body=body))
    poster = Poster(
        poster_id="bench",
        owner_id="bench",
        title="bench",
        width=WIDTH,
        height=HEIGHT,
        background=Background(color="#f4efe6"),
        version=1,
        created_at=now,
        updated_at=now,
    )
    return PosterDocument(poster=poster, layers=layers, elements=elements)


def measure(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: font loading, imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=None, help="write the full poster PNG here")
    args = parser.parse_args(argv)

    files = {f"img-{i}": make_jpeg(i) for i in range(20)}
    full = build_document(random.Random(7))
    shapes = build_document(random.Random(7), kinds=("shape",))

    def no_fonts(_: str) -> bytes | None:
        return None

    def run(doc: PosterDocument) -> render.RenderResult:
        return render.render_png(doc, images=files.get, fonts=no_fonts, scale=args.scale)

    result = run(full)
    if args.out is not None:
        args.out.write_bytes(result.png)
    canvas = Image.open(io.BytesIO(result.png))
    canvas.load()

    def encoder(level: int) -> Callable[[], bytes]:
        def encode() -> bytes:
            buf = io.BytesIO()
            canvas.save(buf, "PNG", compress_level=level)
            return buf.getvalue()

        return encode

    print(
        f"render poster: {result.width}x{result.height} (scale {args.scale:g}), 5 layers, 100 elements "
        f"(40 shapes, 40 texts, 20 images from {PHOTO[0]}x{PHOTO[1]} JPEGs); median of {args.runs} runs"
    )
    full_s = measure(lambda: run(full), args.runs)
    shapes_s = measure(lambda: run(shapes), args.runs)
    print(
        f"  full poster (decode + draw + PNG)    {full_s * 1000:8.1f} ms  {result.elements_drawn} elements drawn, "
        f"PNG {len(result.png) / 1e6:.2f} MB"
    )
    print(f"  background + 40 shapes only (+ PNG)  {shapes_s * 1000:8.1f} ms")
    for level in sorted({render.PNG_COMPRESS_LEVEL, 1}):
        seconds = measure(encoder(level), args.runs)
        size = len(encoder(level)())
        print(f"  PNG encode alone at level {level}         {seconds * 1000:8.1f} ms  {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
