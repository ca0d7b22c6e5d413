"""Render a 1080x1920 poster (5 layers, 100 elements) with ``design_agent.render``, side by side with today's
renderer, with half of its texts in Chinese, and with its peer, skia-python.

``python -m bench.render_poster`` (add ``--runs N``, ``--out poster.png`` to look at it). The 100 elements are 40
shapes (rectangles, rounded rectangles, ellipses, lines; some stroked, some translucent, a quarter rotated), 40
texts (Latin words, default font, wrapped) and 20 images (20 distinct generated ~1000x800 JPEGs,
cover/contain/fill, some cropped, filtered or rotated). Each run decodes every JPEG again (the renderer only
caches within a render) and encodes the PNG. Measured in the same run, in interleaved rounds (medians):

* today: the renderer as it was before the CJK work (``render.py`` at commit ``TODAY``, read from git), on the
  Latin poster — the new export must be at least 2x faster and give the same pixels;
* the same poster with half of its texts Chinese, as a ratio to the Latin one (goal <= 1.2);
* skia-python drawing the same scene and encoding it (goal: ours at or below it).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image, ImageChops, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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

from bench import skia_peer

ROOT = Path(__file__).resolve().parents[1]
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
CHINESE_WORDS = ["设计", "海报", "音乐节", "夏日", "咖啡", "市集", "开幕", "工作室", "夜晚", "发布会", "活动", "限时",
                 "特惠", "中秋", "爵士"]


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


def build_document(rng: random.Random, *, kinds: tuple[str, ...] = ("shape", "text", "image"),
                   chinese: bool = False) -> PosterDocument:
    """The poster; with ``chinese`` every other text is Chinese (the same geometry and styles either way)."""
    now = datetime(2025, 1, 1, tzinfo=UTC)
    layers = [Layer(layer_id=f"L{i}", name=f"layer {i}", order=i, opacity=0.85 if i == 3 else 1.0) for i in range(5)]
    plan = ["shape"] * 40 + ["text"] * 40 + ["image"] * 20
    rng.shuffle(plan)
    elements: list[Element] = []
    images = texts = 0
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
            phrase = [rng.choice(CHINESE_WORDS) for _ in words]
            if chinese and texts % 2:
                content = "，".join("".join(phrase[i:i + 3]) for i in range(0, len(phrase), 3))  # noqa: RUF001
            texts += 1
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


TODAY = "79d8e8b"
"""The last commit before the CJK work: its ``render.py`` is "today's" renderer in this benchmark."""


def todays_renderer() -> ModuleType | None:
    """``design_agent/render.py`` as it was at :data:`TODAY`, loaded from git (None without the history)."""
    try:
        source = subprocess.run(["git", "show", f"{TODAY}:layers/shared/python/design_agent/render.py"],
                                capture_output=True, text=True, check=True, cwd=ROOT, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    module = ModuleType("render_today")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "render_today.py", "exec"), module.__dict__)  # the project's own code
    return module


def interleaved(cases: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds per case, the cases taking turns in every round (a busy machine slows them alike)."""
    for fn in cases.values():
        fn()  # warm-up: imports, fonts, caches
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def same_pixels(a: bytes, b: bytes) -> bool:
    first, second = (Image.open(io.BytesIO(png)).convert("RGBA") for png in (a, b))
    return first.size == second.size and ImageChops.difference(first, second).getbbox() is None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="write the poster with Chinese texts here")
    args = parser.parse_args(argv)

    files = {f"img-{i}": make_jpeg(i) for i in range(20)}
    latin = build_document(random.Random(7))
    chinese = build_document(random.Random(7), chinese=True)

    def no_fonts(_: str) -> bytes | None:
        return None

    def ours(doc: PosterDocument, workers: int | None = None) -> render.RenderResult:
        return render.render_png(doc, images=files.get, fonts=no_fonts, workers=workers)

    result = ours(chinese)
    if args.out is not None:
        args.out.write_bytes(result.png)
    today = todays_renderer()
    cases: dict[str, Callable[[], object]] = {}
    if today is not None:
        cases["today"] = lambda: today.render_png(latin, images=files.get, fonts=no_fonts)
    cases |= {
        "latin": lambda: ours(latin),
        "latin, 1 thread": lambda: ours(latin, 1),
        "chinese": lambda: ours(chinese),
        "skia": lambda: skia_peer.render_png(latin, files.get),
    }
    canvas = Image.open(io.BytesIO(ours(latin).png))
    canvas.load()

    def encoder(**params: Any) -> Callable[[], bytes]:
        def encode() -> bytes:
            buf = io.BytesIO()
            canvas.save(buf, "PNG", **params)
            return buf.getvalue()

        return encode

    cases["PNG level 6 (today)"] = encoder(compress_level=6)
    cases["PNG level 1 + RLE"] = encoder(compress_level=render.PNG_COMPRESS_LEVEL, compress_type=3)
    median = interleaved(cases, args.runs)
    print(f"render poster: 1080x1920, 5 layers, 100 elements (40 shapes, 40 texts, 20 images from "
          f"{PHOTO[0]}x{PHOTO[1]} JPEGs), decode + draw + PNG; median of {args.runs} interleaved rounds, "
          f"{render.default_workers()} drawing threads")
    ms = {name: seconds * 1000 for name, seconds in median.items()}
    if today is not None:
        equal = same_pixels(today.render_png(latin, images=files.get, fonts=no_fonts).png, ours(latin).png)
        print(f"  today's renderer (commit {TODAY}), Latin    {ms['today']:8.1f} ms")
        print(f"  ours, Latin                               {ms['latin']:8.1f} ms = today / "
              f"{median['today'] / median['latin']:.2f} (goal >= 2), same pixels: {equal}")
    else:
        print("  today's renderer: not available (no git history here)")
        print(f"  ours, Latin                               {ms['latin']:8.1f} ms")
    print(f"  ours, Latin, one drawing thread           {ms['latin, 1 thread']:8.1f} ms")
    print(f"  ours, half of the texts Chinese           {ms['chinese']:8.1f} ms = "
          f"{median['chinese'] / median['latin']:.2f}x the Latin poster (goal <= 1.2), "
          f"{len(result.missing_characters)} characters missing")
    print(f"  skia-python, the same scene (peer)        {ms['skia']:8.1f} ms; ours = "
          f"{median['latin'] / median['skia']:.2f}x the peer (goal <= 1.0)")
    print(f"  PNG encode alone: level 6 (today)         {ms['PNG level 6 (today)']:8.1f} ms  "
          f"{len(encoder(compress_level=6)()) / 1e6:.2f} MB")
    print(f"  PNG encode alone: level 1 + Z_RLE (ours)  {ms['PNG level 1 + RLE']:8.1f} ms  "
          f"{len(encoder(compress_level=1, compress_type=3)()) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
