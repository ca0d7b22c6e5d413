"""Resize a 12-megapixel JPEG to 800 px wide: our ``images.resize`` vs plain Pillow vs libvips.

``python -m bench.image_resize`` (add ``--runs N``). Every path decodes the same JPEG bytes and encodes a
JPEG at quality 85, so the times are comparable end to end (bytes in, bytes out). The median of N runs
is reported, with the ratio to (b), the fastest plain Pillow path.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python"))

from design_agent import images

SIZE = (4000, 3000)
TARGET_WIDTH = 800
QUALITY = 85


def make_photo_jpeg() -> bytes:
    """Photographic-ish content: smooth colour gradients, soft shapes and sensor-like noise; quality 90."""
    w, h = SIZE
    gx = Image.linear_gradient("L").rotate(90).resize(SIZE, Image.Resampling.BILINEAR)
    gy = Image.linear_gradient("L").resize(SIZE, Image.Resampling.BILINEAR)
    blobs = Image.effect_noise((w // 40, h // 40), 90).resize(SIZE, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(SIZE, 18)
    r = Image.blend(gx, blobs, 0.4)
    g = Image.blend(gy, grain, 0.3)
    b = Image.blend(Image.blend(gx, gy, 0.5), blobs.filter(ImageFilter.GaussianBlur(8)), 0.5)
    im = Image.merge("RGB", (r, g, b))
    im = Image.blend(im, Image.merge("RGB", (grain, grain, grain)), 0.12)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def ours(data: bytes) -> tuple[int, int]:
    out = images.resize(data, width=TARGET_WIDTH, format="jpeg", quality=QUALITY)
    return out.width, out.height


def pillow_draft(data: bytes) -> tuple[int, int]:
    src = Image.open(io.BytesIO(data))
    height = round(src.height * TARGET_WIDTH / src.width)
    src.draft("RGB", (TARGET_WIDTH, height))
    out = src.resize((TARGET_WIDTH, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=QUALITY)
    return out.size


def pillow_no_draft(data: bytes) -> tuple[int, int]:
    src = Image.open(io.BytesIO(data))
    height = round(src.height * TARGET_WIDTH / src.width)
    out = src.resize((TARGET_WIDTH, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=QUALITY)
    return out.size


def load_vips() -> tuple[Callable[[bytes], tuple[int, int]] | None, str]:
    try:
        import pyvips  # type: ignore[import-untyped,unused-ignore]
    except (ImportError, OSError) as exc:
        return None, f"libvips unavailable: pyvips import failed ({exc}); pip install pyvips pyvips-binary"

    def vips(data: bytes) -> tuple[int, int]:
        thumb = pyvips.Image.thumbnail_buffer(data, TARGET_WIDTH, size="down")
        thumb.jpegsave_buffer(Q=QUALITY, strip=True)
        return int(thumb.width), int(thumb.height)

    mode = "cffi API mode" if getattr(pyvips, "API_mode", False) else "cffi ABI mode"
    return vips, f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)} via pyvips ({mode})"


def measure(fn: Callable[[bytes], tuple[int, int]], data: bytes, runs: int) -> tuple[float, tuple[int, int]]:
    size = fn(data)  # warm-up (imports, libvips operation cache is per-buffer so it does not help)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    data = make_photo_jpeg()
    print(
        f"image resize: {SIZE[0]}x{SIZE[1]} JPEG q90 ({len(data) / 1e6:.1f} MB) -> {TARGET_WIDTH} px wide, "
        f"JPEG q{QUALITY}; median of {args.runs} runs"
    )
    vips, vips_note = load_vips()
    cases: list[tuple[str, Callable[[bytes], tuple[int, int]]]] = [
        ("(a) design_agent.images.resize", ours),
        ("(b) Pillow draft + LANCZOS", pillow_draft),
        ("    Pillow without draft (for scale)", pillow_no_draft),
    ]
    if vips is not None:
        cases.append(("(c) libvips thumbnail_buffer", vips))
    results = [(label, *measure(fn, data, args.runs)) for label, fn in cases]
    baseline = results[1][1]
    for label, seconds, (w, h) in results:
        print(f"  {label:<38} {seconds * 1000:8.1f} ms  {w}x{h}  x{seconds / baseline:.2f} vs (b)")
    print(f"  {vips_note}")
    if vips is None:
        print("  (c) not measured: libvips is not installed")


if __name__ == "__main__":
    main()
