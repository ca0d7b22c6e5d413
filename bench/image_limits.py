"""Every image operation at the largest output it accepts (``design_agent.image_limits``: 25 megapixels).

``python -m bench.image_limits`` (add ``--runs N``). The source is a 5000x5000 photo-like JPEG (q90, from
``bench.media_testset.photo_like``), so each operation writes a 25 MP image, the most it accepts; one pixel more
is a 422 before anything is decoded. The baseline, measured in the same run on the same bytes, is
``design_agent.images.resize`` to 800 px wide as JPEG. Each line shows the median of N runs, its ratio to the
baseline and the output. API Gateway answers 504 at 29 s: a line near that on an idle machine is a limit to lower.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from design_agent import image_limits, images

from bench import media_testset
from bench.media_ops import measure
from functions.media.imaging import cropping, matting, watermark

EDGE = 5000  # 5000 x 5000 = image_limits.MAX_OUTPUT_PIXELS


class Limits(TypedDict):
    max_pixels: int
    max_input_bytes: int


LIMITS: Limits = {"max_pixels": images.DEFAULT_MAX_PIXELS, "max_input_bytes": images.DEFAULT_MAX_INPUT_BYTES}

Operation = Callable[[bytes], images.ProcessedImage]


def _resize_to_limit(fmt: str) -> Operation:
    return lambda data: images.resize(data, width=EDGE, height=EDGE, format=fmt, **LIMITS)


def _cases() -> list[tuple[str, Operation]]:
    return [
        ("(b) baseline: images.resize to 800 px, JPEG",
         lambda data: images.resize(data, width=800, format="jpeg", quality=85, **LIMITS)),
        ("resize to 5000x5000, JPEG", _resize_to_limit("jpeg")),
        ("resize to 5000x5000, PNG", _resize_to_limit("png")),
        ("resize to 5000x5000, WebP", _resize_to_limit("webp")),
        ("convert to WebP", lambda data: images.convert(data, format="webp", **LIMITS)),
        ("compress, quality 60", lambda data: images.compress(data, quality=60, **LIMITS)),
        ("watermark text tiled, 30 deg, JPEG", lambda data: watermark.add_watermark(
            data, text="SAMPLE 样例", tiled=True, rotation=30, scale=0.15, **LIMITS)),
        ("smart crop to 1:1 (saliency), JPEG", lambda data: cropping.smart_crop(
            data, aspect="1:1", **LIMITS).image),
        ("remove background (grabcut) -> PNG RGBA", lambda data: matting.remove_background(data, **LIMITS)),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    assert EDGE * EDGE == image_limits.MAX_OUTPUT_PIXELS, "the bench follows the published limit"
    data = media_testset.encode_jpeg(media_testset.photo_like((EDGE, EDGE)), quality=90)
    print(f"image operations at their largest output ({image_limits.MAX_OUTPUT_PIXELS / 1e6:.0f} MP): "
          f"{EDGE}x{EDGE} JPEG q90 ({len(data) / 1e6:.1f} MB), photo-like; median of {args.runs} runs, "
          f"ratio to (b) measured in this run; the gateway's limit is 29 s")
    results = [(label, *measure(fn, data, args.runs)) for label, fn in _cases()]
    baseline = results[0][1]
    for label, seconds, out in results:
        print(f"  {label:<44} {seconds:7.1f} s  x{seconds / baseline:6.1f}  "
              f"{out.width}x{out.height} {out.format} {out.size_bytes / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
