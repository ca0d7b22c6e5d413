"""Synthetic images with known foreground masks, for the Media service's background removal.

Shared by the unit tests (``tests/unit/media``) and the benchmark (``bench/media_ops.py``). Deterministic:
the same ``seed`` and size always give the same pixels (numpy's PCG64 generator and OpenCV's drawing).

Each :class:`Sample` is one foreground object composited with an anti-aliased edge (drawn 4x larger, then
reduced) on a background of one of three classes, :data:`BACKGROUNDS`:

* ``plain`` — one colour with a little sensor-like noise;
* ``gradient`` — a linear (any angle) or radial blend of two colours;
* ``textured`` — cycled through :data:`TEXTURES`: blurred colour noise, stripes, a (rotated) checkerboard,
  and multi-octave value noise ("perlin-like") mapped onto two colours.

Objects cycle through ellipses, random star/convex polygons and "blobs" (a radius varying smoothly with the
angle); every third object has a hole that shows the background (the hole is background in the mask). Objects
are shaded (a light direction) and textured (fine noise or soft stripes), stay off the image border, cover
roughly 2-20 % of it, and are coloured at least :data:`MIN_CONTRAST` (RGB distance) away from every colour
the background is made of. The mask marks pixels whose object coverage is at least one half.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

BACKGROUNDS: Final = ("plain", "gradient", "textured")
TEXTURES: Final = ("noise", "stripes", "checker", "perlin")
SHAPES: Final = ("ellipse", "polygon", "blob")
MIN_CONTRAST: Final = 110.0
SUPERSAMPLE: Final = 4

Rgb = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    background: str
    """One of :data:`BACKGROUNDS`."""
    kind: str
    """The background's kind: ``plain``, ``linear``/``radial`` or one of :data:`TEXTURES`."""
    shape: str
    has_hole: bool
    image: Rgb
    """H x W x 3, RGB."""
    mask: Mask
    """H x W, True on the object."""

    def png(self) -> bytes:
        return encode_png(self.image)


def encode_png(image: Rgb) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def encode_jpeg(image: Rgb, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


# ------------------------------------------------------------------ backgrounds


def _colour(rng: np.random.Generator) -> Floats:
    return rng.uniform(20, 235, 3).astype(np.float32)


def _grid(w: int, h: int) -> tuple[Floats, Floats]:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    return xs, ys


def _blend(a: Floats, b: Floats, t: Floats) -> Floats:
    return (a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]).astype(np.float32)


def _value_noise(w: int, h: int, rng: np.random.Generator, octaves: int, base_cells: int) -> Floats:
    """Multi-octave value noise in 0..1: random lattices upscaled with bicubic interpolation, halved each octave."""
    total = np.zeros((h, w), np.float32)
    weight = 0.0
    amplitude = 1.0
    for octave in range(octaves):
        cells = base_cells * 2**octave
        lattice = rng.random((max(2, round(cells * h / w)) + 1, cells + 1)).astype(np.float32)
        total += amplitude * cv2.resize(lattice, (w, h), interpolation=cv2.INTER_CUBIC)
        weight += amplitude
        amplitude *= 0.5
    total /= weight
    lo, hi = float(total.min()), float(total.max())
    return ((total - lo) / max(hi - lo, 1e-6)).astype(np.float32)


def _background(cls: str, kind: str, w: int, h: int, rng: np.random.Generator) -> tuple[Floats, list[Floats]]:
    """(H x W x 3 float pixels, the colours it is made of)."""
    a, b = _colour(rng), _colour(rng)
    while float(np.linalg.norm(a - b)) < 70:
        b = _colour(rng)
    xs, ys = _grid(w, h)
    if cls == "plain":
        return np.broadcast_to(a, (h, w, 3)).astype(np.float32), [a]
    if cls == "gradient":
        if kind == "linear":
            angle = rng.uniform(0, 2 * math.pi)
            proj = xs * math.cos(angle) + ys * math.sin(angle)
            t = (proj - proj.min()) / max(float(proj.max() - proj.min()), 1e-6)
        else:
            cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
            dist = np.hypot(xs - cx, ys - cy)
            t = dist / float(dist.max())
        return _blend(a, b, t.astype(np.float32)), [a, b, ((a + b) / 2).astype(np.float32)]
    if kind == "noise":
        fine = cv2.GaussianBlur(rng.normal(0, 1, (h, w, 3)).astype(np.float32), (0, 0), 1.2)
        coarse = cv2.GaussianBlur(rng.normal(0, 1, (h, w, 3)).astype(np.float32), (0, 0), 6)
        noise = fine / max(float(fine.std()), 1e-6) * 14 + coarse / max(float(coarse.std()), 1e-6) * 10
        return (np.broadcast_to(a, (h, w, 3)) + noise).astype(np.float32), [a]
    if kind == "stripes":
        period = rng.uniform(0.04, 0.1) * min(w, h)
        angle = rng.uniform(0, math.pi)
        phase = (xs * math.cos(angle) + ys * math.sin(angle)) / period
        t = np.clip((np.sin(2 * math.pi * phase) * 2.5 + 0.5), 0, 1).astype(np.float32)
        return _blend(a, b, np.asarray(t, np.float32)), [a, b]
    if kind == "checker":
        cell = rng.uniform(0.04, 0.09) * min(w, h)
        angle = rng.uniform(0, math.pi / 4)
        u = (xs * math.cos(angle) + ys * math.sin(angle)) / cell
        v = (-xs * math.sin(angle) + ys * math.cos(angle)) / cell
        t = ((np.floor(u) + np.floor(v)) % 2).astype(np.float32)
        t = cv2.GaussianBlur(t, (0, 0), 0.6)
        return _blend(a, b, np.asarray(t, np.float32)), [a, b]
    t = _value_noise(w, h, rng, octaves=4, base_cells=int(rng.integers(3, 6)))
    return _blend(a, b, t), [a, b, ((a + b) / 2).astype(np.float32)]


# ------------------------------------------------------------------ foreground


def _outline(shape: str, w: int, h: int, rng: np.random.Generator) -> tuple[npt.NDArray[np.int32], float, float]:
    """A closed outline (N x 2 points, supersampled pixels) and its centre; the object covers ~2-20 %."""
    s = SUPERSAMPLE
    radius = rng.uniform(0.17, 0.3) * min(w, h) * s
    cx = rng.uniform(0.42, 0.58) * w * s
    cy = rng.uniform(0.42, 0.58) * h * s
    theta = np.linspace(0, 2 * math.pi, 240, endpoint=False)
    if shape == "ellipse":
        ratio = rng.uniform(0.55, 1.0)
        rot = rng.uniform(0, math.pi)
        ex, ey = radius * np.cos(theta), radius * ratio * np.sin(theta)
        px = cx + ex * math.cos(rot) - ey * math.sin(rot)
        py = cy + ex * math.sin(rot) + ey * math.cos(rot)
    elif shape == "polygon":
        n = int(rng.integers(5, 9))
        star = bool(rng.integers(0, 2))
        angles = np.sort(rng.uniform(0, 2 * math.pi, n))
        if star:
            angles = np.linspace(0, 2 * math.pi, 2 * n, endpoint=False) + rng.uniform(0, 1)
            radii = np.where(np.arange(2 * n) % 2 == 0, radius, radius * rng.uniform(0.5, 0.65))
        else:
            radii = radius * rng.uniform(0.8, 1.05, n)
        px, py = cx + radii * np.cos(angles), cy + radii * np.sin(angles)
    else:
        r = np.ones_like(theta)
        for k in range(2, 6):
            r += rng.uniform(0.04, 0.16) / (k - 1) * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
        px, py = cx + radius * r * np.cos(theta), cy + radius * r * np.sin(theta)
    points = np.stack([px, py], axis=1).round().astype(np.int32)
    return points, cx, cy


def _coverage(shape: str, has_hole: bool, w: int, h: int, rng: np.random.Generator) -> Floats:
    """Object coverage 0..1 per pixel: drawn SUPERSAMPLE x larger and averaged down (an anti-aliased edge)."""
    s = SUPERSAMPLE
    big = np.zeros((h * s, w * s), np.uint8)
    points, cx, cy = _outline(shape, w, h, rng)
    cv2.fillPoly(big, [points], (255,))
    if has_hole:
        dist = np.hypot(points[:, 0] - cx, points[:, 1] - cy)
        hole = max(4.0 * s, float(dist.min()) * rng.uniform(0.3, 0.45))
        centre = (round(cx + rng.uniform(-0.1, 0.1) * hole), round(cy + rng.uniform(-0.1, 0.1) * hole))
        axes = (round(hole), round(hole * rng.uniform(0.7, 1.0)))
        cv2.ellipse(big, centre, axes, float(rng.uniform(0, 180)), 0, 360, (0,), -1)
    small = cv2.resize(big.astype(np.float32) / 255.0, (w, h), interpolation=cv2.INTER_AREA)
    return small.astype(np.float32)


def _foreground(w: int, h: int, avoid: list[Floats], rng: np.random.Generator) -> Floats:
    """Object pixels (everywhere; the coverage decides where they show): shaded and textured."""
    for _ in range(200):
        base = _colour(rng)
        if min(float(np.linalg.norm(base - c)) for c in avoid) >= MIN_CONTRAST:
            break
    else:  # pragma: no cover - 200 tries always find one in practice
        base = np.array([255, 255, 255], np.float32) - avoid[0]
    xs, ys = _grid(w, h)
    light = rng.uniform(0, 2 * math.pi)
    proj = (xs - w / 2) * math.cos(light) + (ys - h / 2) * math.sin(light)
    shade = 1.0 + 0.18 * proj / max(w, h)
    pixels = base[None, None, :] * shade[..., None]
    if bool(rng.integers(0, 2)):
        grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.8)
        pixels = pixels + (grain / max(float(grain.std()), 1e-6) * 7)[..., None].astype(np.float32)
    else:
        period = rng.uniform(0.03, 0.06) * min(w, h)
        pixels = pixels + (np.sin(2 * math.pi * (xs + ys) / period) * 9)[..., None]
    return pixels.astype(np.float32)


# ------------------------------------------------------------------ the set


def sample(index: int, background: str, *, size: tuple[int, int] = (320, 240), seed: int = 7) -> Sample:
    """The ``index``-th sample of a background class (the shape, hole and texture cycle with ``index``)."""
    w, h = size
    rng = np.random.default_rng([seed, BACKGROUNDS.index(background), index])
    kind = {"plain": "plain", "gradient": ("linear", "radial")[index % 2]}.get(
        background, TEXTURES[index % len(TEXTURES)]
    )
    shape = SHAPES[index % len(SHAPES)]
    has_hole = index % 3 == 2
    bg, palette = _background(background, kind, w, h, rng)
    coverage = _coverage(shape, has_hole, w, h, rng)
    fg = _foreground(w, h, palette, rng)
    pixels = fg * coverage[..., None] + bg * (1 - coverage[..., None])
    noise = np.asarray(rng.normal(0, 2.0, (h, w, 3)), np.float32)  # sensor noise over everything
    pixels = pixels + noise
    image = np.clip(pixels, 0, 255).round().astype(np.uint8)
    name = f"{background}-{index:02d}-{kind}-{shape}{'-hole' if has_hole else ''}"
    return Sample(name, background, kind, shape, has_hole, image, coverage >= 0.5)


def make_testset(*, per_class: int = 8, size: tuple[int, int] = (320, 240), seed: int = 7) -> list[Sample]:
    """``per_class`` samples of every background class (24 by default), in class order."""
    return [sample(i, cls, size=size, seed=seed) for cls in BACKGROUNDS for i in range(per_class)]


def photo_like(size: tuple[int, int] = (4000, 3000), *, seed: int = 11) -> Rgb:
    """A large photo-like scene for timing: a shaded, textured object on value-noise "bokeh" with grain.

    Drawn at 1/4 of ``size`` (so it takes well under a second) and upscaled, then fine grain is added at full
    size, so that encoders and filters see photographic detail everywhere.
    """
    w, h = size
    small = sample(3, "textured", size=(w // 4, h // 4), seed=seed).image
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.int16)
    rng = np.random.default_rng(seed)
    grain = rng.integers(-6, 7, (h, w, 1), dtype=np.int16)
    return np.asarray(np.clip(big + grain, 0, 255), np.uint8)


def iou(predicted: Mask, truth: Mask) -> float:
    """Intersection over union of two boolean masks (1.0 when both are empty)."""
    union = int(np.count_nonzero(predicted | truth))
    return 1.0 if union == 0 else int(np.count_nonzero(predicted & truth)) / union
