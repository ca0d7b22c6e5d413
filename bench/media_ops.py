"""The Media service's operations on a 12-megapixel photo, and background removal quality on the test set.

``python -m bench.media_ops`` (add ``--runs N``, ``--size 320x240`` for the test set's image size). Every
operation goes bytes in, bytes out on the same 4000x3000 JPEG (q90, synthesized by
``bench.media_testset.photo_like``: a shaded, textured object on a value-noise background, with grain). The
baseline, measured in the same run, is the File service's ``design_agent.images.resize`` to 800 px wide;
each line shows the median of N runs and its ratio to that baseline. Then the mean (and worst) IoU of
``remove_background``'s matte (alpha >= 1/2) against the known masks of the synthetic test set, per
background class.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "layers" / "shared" / "python"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from design_agent import images

from bench import media_testset
from functions.media.imaging import cropping, matting, watermark

SIZE = (4000, 3000)
MAX_PIXELS = images.DEFAULT_MAX_PIXELS
MAX_BYTES = images.DEFAULT_MAX_INPUT_BYTES


def _cases() -> list[tuple[str, Callable[[bytes], images.ProcessedImage]]]:
    def resize(data: bytes) -> images.ProcessedImage:
        return images.resize(data, width=800, format="jpeg", quality=85)

    def remove(data: bytes) -> images.ProcessedImage:
        return matting.remove_background(data, max_pixels=MAX_PIXELS, max_input_bytes=MAX_BYTES)

    def crop(data: bytes) -> images.ProcessedImage:
        result = cropping.smart_crop(data, width=1080, height=1080, max_pixels=MAX_PIXELS, max_input_bytes=MAX_BYTES)
        return result.image

    def text(data: bytes) -> images.ProcessedImage:
        return watermark.add_watermark(
            data, text="© Design Agent", opacity=0.6, max_pixels=MAX_PIXELS, max_input_bytes=MAX_BYTES
        )

    def tiled(data: bytes) -> images.ProcessedImage:
        return watermark.add_watermark(
            data, text="SAMPLE", tiled=True, rotation=30, scale=0.15, max_pixels=MAX_PIXELS, max_input_bytes=MAX_BYTES
        )

    return [
        ("(b) baseline: images.resize to 800 px, JPEG", resize),
        ("remove_background (grabcut) -> PNG RGBA", remove),
        ("smart_crop to 1080x1080 (saliency), JPEG", crop),
        ("add_watermark text, bottom-right, JPEG", text),
        ("add_watermark text tiled, 30 deg, JPEG", tiled),
    ]


def measure(
    fn: Callable[[bytes], images.ProcessedImage], data: bytes, runs: int
) -> tuple[float, images.ProcessedImage]:
    out = fn(data)  # warm-up (imports, OpenCV's first calls)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def iou_by_class(size: tuple[int, int]) -> dict[str, list[float]]:
    remover = matting.remover(matting.DEFAULT_METHOD)
    scores: dict[str, list[float]] = {}
    for sample in media_testset.make_testset(size=size):
        alpha = np.asarray(remover.matte(sample.image), np.float32)
        scores.setdefault(sample.background, []).append(media_testset.iou(alpha >= 0.5, sample.mask))
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="320x240", help="test set image size, WxH")
    args = parser.parse_args(argv)
    tw, th = (int(v) for v in args.size.split("x"))

    data = media_testset.encode_jpeg(media_testset.photo_like(SIZE), quality=90)
    print(
        f"media operations: {SIZE[0]}x{SIZE[1]} JPEG q90 ({len(data) / 1e6:.1f} MB), photo-like; "
        f"median of {args.runs} runs, ratio to (b) measured in this run"
    )
    results = [(label, *measure(fn, data, args.runs)) for label, fn in _cases()]
    baseline = results[0][1]
    for label, seconds, out in results:
        print(
            f"  {label:<44} {seconds * 1000:8.0f} ms  x{seconds / baseline:6.1f}  "
            f"{out.width}x{out.height} {out.format} {out.size_bytes / 1e6:.2f} MB"
        )

    started = time.perf_counter()
    scores = iou_by_class((tw, th))
    count = sum(len(v) for v in scores.values())
    print(
        f"background removal IoU (alpha >= 0.5 vs the known mask), synthetic test set: {count} images "
        f"{tw}x{th}, {(time.perf_counter() - started) / count * 1000:.0f} ms per image"
    )
    for background, values in scores.items():
        print(f"  {background:<10} mean {statistics.mean(values):.3f}  worst {min(values):.3f}  ({len(values)} images)")


if __name__ == "__main__":
    main()
