"""RemoveBackground: an alpha matte for the main subject of a picture, written as a PNG with transparency.

Methods are pluggable. A method is any object with a ``name`` and a ``matte(rgb)`` method
(:class:`BackgroundRemover`); :func:`remover` returns the one registered under a name, and the service picks
the name from its configuration (the stage setting ``MEDIA_MATTING_METHOD``, read by the service, never here;
:data:`DEFAULT_METHOD` when unset), or from the request.

The built-in method, ``grabcut``, needs nothing but OpenCV on a CPU (no model, nothing downloaded):

1. work on a copy reduced to at most :data:`WORK_PIXELS` (about 0.4 MP); colour distances are in CIE Lab;
2. model the background from the image border: a smooth surface fitted to the border (a quadratic in x and
   y per channel, refitted without outliers: plain colours, linear and radial gradients, vignettes) and the
   border's colour clusters (k-means: textures made of a few colours, stripes, checks). A pixel's
   "foreground score" is its distance to the nearer of the two models, in units of how far the border's own
   pixels are from them (its 95th percentile), smoothed over a few pixels;
3. seed GrabCut with the border band as background (definite where it fits the model, probable where it
   does not, so an object touching the edge can still win it), clearly different pixels as probable
   foreground (:data:`SEED_THRESHOLD`) unless the border reaches them through small steps of the score
   (:data:`FLOOD_STEP`: a glow or vignette drifts away from the model smoothly, a subject's edge jumps),
   everything else as probable background (a centred rectangle when nothing stands out), and run
   :data:`GRABCUT_ITERATIONS` rounds;
4. keep the large foreground components (specks under :data:`MIN_COMPONENT` of the largest one go);
5. upscale the hard mask to full size and turn it into a real alpha matte with a guided filter (the full-size
   picture as the guide, radius growing with the upscale factor), so edges follow the picture's own edges
   with a soft, anti-aliased transition instead of a blocky one.

On the synthetic test set (``bench/media_testset.py``; ``python -m bench.media_ops`` prints the current
numbers) plain and gradient backgrounds give a mean IoU above 0.9; busy textures are harder (see the bench).

Plugging in a larger model (for example a U^2-Net / BiRefNet / MODNet ONNX file shipped in a Lambda layer and
run with ``cv2.dnn`` or onnxruntime): write a class with ``name`` and ``matte`` and register it once at import
time of the module that owns it::

    class OnnxRemover:
        name = "u2net"

        def __init__(self) -> None:
            self.net = cv2.dnn.readNetFromONNX("/opt/models/u2net.onnx")  # loaded once per Lambda container

        def matte(self, rgb: np.ndarray) -> np.ndarray:
            blob = cv2.dnn.blobFromImage(rgb, 1 / 255, (320, 320), swapRB=False)
            self.net.setInput(blob)
            small = self.net.forward()[0, 0]
            return cv2.resize(small, (rgb.shape[1], rgb.shape[0]))  # float 0..1, H x W

    matting.register("u2net", OnnxRemover)

then set ``MEDIA_MATTING_METHOD=u2net`` for the stage (or send ``method: "u2net"``). Factories are called on
first use and the instance is cached, so a model is loaded once per container, not per request.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Final, Protocol, runtime_checkable

import cv2
import numpy as np
import numpy.typing as npt
from design_agent import images
from design_agent.images import ProcessedImage
from PIL import Image

from functions.media.imaging.pixels import Floats, Rgb, alpha_array, decode, encode, fit_within, rgb_array

DEFAULT_METHOD: Final = "grabcut"
WORK_PIXELS: Final = 400_000
"""GrabCut runs on a copy of at most this many pixels (about 730 x 550)."""
GRABCUT_ITERATIONS: Final = 3
REFINE_PIXELS: Final = 16_000_000
"""The guided filter runs at full size up to this many pixels (about 700 MB of float planes at most)."""
MIN_COMPONENT: Final = 0.05
"""Foreground components smaller than this share of the largest one are dropped."""
SEED_THRESHOLD: Final = 2.0
"""Pixels whose smoothed foreground score exceeds this are candidate foreground seeds."""
FLOOD_STEP: Final = 0.4
"""Candidates that the border reaches through steps of the score below ``FLOOD_STEP / smoothing sigma`` per
pixel are background that merely drifts away from the model (a glow in a radial gradient, a vignette): the
subject is where the score *jumps*. Used when at least :data:`FLOOD_MIN_SHARE` of the candidates remain."""
FLOOD_MIN_SHARE: Final = 0.2

Matte = npt.NDArray[np.float32] | npt.NDArray[np.uint8]


@runtime_checkable
class BackgroundRemover(Protocol):
    """A matting method: ``matte`` takes H x W x 3 uint8 RGB pixels and returns an H x W alpha matte, either
    float (0 = background .. 1 = foreground) or uint8 (0..255), of the same height and width."""

    name: str

    def matte(self, rgb: Rgb) -> Matte: ...


_FACTORIES: dict[str, Callable[[], BackgroundRemover]] = {}
_INSTANCES: dict[str, BackgroundRemover] = {}


def register(name: str, factory: Callable[[], BackgroundRemover]) -> None:
    """Make ``factory()`` available as method ``name`` (replacing a previous registration of that name)."""
    _FACTORIES[name] = factory
    _INSTANCES.pop(name, None)


def methods() -> tuple[str, ...]:
    """The registered method names, sorted."""
    return tuple(sorted(_FACTORIES))


def remover(name: str) -> BackgroundRemover:
    """The (cached) remover registered as ``name``; 422 :class:`~design_agent.images.InvalidImageOptions`
    naming the registered methods when there is none."""
    if name not in _INSTANCES:
        factory = _FACTORIES.get(name)
        if factory is None:
            raise images.InvalidImageOptions(
                f"Unknown background removal method {name!r}; use one of: {', '.join(methods())}",
                methods=list(methods()),
            )
        _INSTANCES[name] = factory()
    return _INSTANCES[name]


# ------------------------------------------------------------------ the built-in method


def _border_band(h: int, w: int) -> npt.NDArray[np.bool_]:
    band = max(2, round(0.02 * min(h, w)))
    mask = np.zeros((h, w), np.bool_)
    mask[:band, :] = mask[-band:, :] = True
    mask[:, :band] = mask[:, -band:] = True
    return mask


def _design(xs: Floats, ys: Floats) -> Floats:
    """Quadratic surface terms (1, x, y, x^2, xy, y^2) of coordinates normalised to -1..1."""
    return np.stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys], axis=-1).astype(np.float32)


def _surface_distance(lab: Floats, band: npt.NDArray[np.bool_]) -> Floats:
    """Distance of every pixel to a quadratic colour surface fitted to the border band (robustly: twice,
    the second time without the worst fifth of the border)."""
    h, w = band.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    terms = _design(xs / max(w - 1, 1) * 2 - 1, ys / max(h - 1, 1) * 2 - 1)
    a, b = terms[band].astype(np.float64), lab[band].astype(np.float64)
    keep = np.ones(len(a), np.bool_)
    coef = np.zeros((terms.shape[-1], 3), np.float64)
    ridge = 1e-6 * np.eye(terms.shape[-1])
    for _ in range(2):
        ak = a[keep]
        coef = np.asarray(np.linalg.solve(ak.T @ ak + ridge, ak.T @ b[keep]), np.float64)  # normal equations
        residual = np.sqrt(np.sum((b - a @ coef) ** 2, axis=1))
        keep = residual <= np.quantile(residual, 0.8)
    fitted = terms.reshape(-1, terms.shape[-1]) @ coef.astype(np.float32)
    diff = lab.reshape(-1, 3) - fitted
    return np.asarray(np.sqrt(np.einsum("ij,ij->i", diff, diff)).reshape(h, w), np.float32)


def _cluster_distance(lab: Floats, band: npt.NDArray[np.bool_], clusters: int = 6) -> Floats:
    """Distance of every pixel to the nearest of ``clusters`` k-means colour centres of the border band."""
    samples = lab[band]
    if len(samples) > 4000:
        step = len(samples) // 4000 + 1
        samples = samples[::step]
    k = min(clusters, len(samples))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(1)  # k-means++ seeding: deterministic results
    labels = np.zeros((len(samples), 1), np.int32)
    _compactness, _labels, centres = cv2.kmeans(
        np.ascontiguousarray(samples, np.float32), k, labels, criteria, 2, cv2.KMEANS_PP_CENTERS
    )
    centres = np.asarray(centres, np.float32)
    flat = lab.reshape(-1, 3)
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2, as one matrix product
    squared = np.einsum("ij,ij->i", flat, flat)[:, None] - 2 * flat @ centres.T + np.sum(centres**2, axis=1)[None, :]
    nearest = np.sqrt(np.maximum(np.min(squared, axis=1), 0.0))
    return np.asarray(nearest.reshape(band.shape), np.float32)


def _normalised(distance: Floats, band: npt.NDArray[np.bool_], floor: float) -> Floats:
    """``distance`` in units of the border's own 95th percentile (at least ``floor`` Lab units)."""
    scale = max(float(np.quantile(distance[band], 0.95)), floor)
    return (distance / scale).astype(np.float32)


def foreground_score(rgb: Rgb) -> Floats:
    """How unlike the border's background model every pixel is (1 ~ the border's own 95th percentile)."""
    h, w = rgb.shape[:2]
    lab = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB), np.float32)
    band = _border_band(h, w)
    surface = _normalised(_surface_distance(lab, band), band, floor=4.0)
    clusters = _normalised(_cluster_distance(lab, band), band, floor=4.0)
    score = np.minimum(surface, clusters)
    return np.asarray(cv2.GaussianBlur(score, (0, 0), _smoothing_sigma(h, w)), np.float32)


def _smoothing_sigma(h: int, w: int) -> float:
    return max(1.0, 0.006 * max(h, w))


def _reached_from_border(score: Floats, step: float) -> npt.NDArray[np.bool_]:
    """Pixels a flood fill from the image border reaches through neighbour-to-neighbour steps <= ``step``."""
    h, w = score.shape
    framed = cv2.copyMakeBorder(score, 1, 1, 1, 1, cv2.BORDER_REPLICATE)
    reached = np.zeros((h + 4, w + 4), np.uint8)  # floodFill's mask is one pixel larger on each side
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | (1 << 8)
    frame = [(x, y) for x in range(w + 2) for y in (0, h + 1)] + [(x, y) for y in range(h + 2) for x in (0, w + 1)]
    for x, y in frame:
        if not reached[y + 1, x + 1]:
            cv2.floodFill(framed, reached, (x, y), (0.0,), (step,), (step,), flags)
    return reached[2:-2, 2:-2].astype(np.bool_)


def _seeds(score: Floats) -> npt.NDArray[np.uint8]:
    h, w = score.shape
    band = _border_band(h, w)
    mask = np.full((h, w), cv2.GC_PR_BGD, np.uint8)
    candidates = score > SEED_THRESHOLD
    enclosed = candidates & ~_reached_from_border(score, FLOOD_STEP / _smoothing_sigma(h, w))
    count = int(np.count_nonzero(enclosed))
    if count >= max(FLOOD_MIN_SHARE * int(np.count_nonzero(candidates)), 0.001 * h * w):
        candidates = enclosed
    mask[candidates] = cv2.GC_PR_FGD
    mask[band & (score <= 1.0)] = cv2.GC_BGD
    mask[band & (score > 1.0)] = cv2.GC_PR_BGD
    if not np.any(mask == cv2.GC_PR_FGD):  # nothing stands out: assume a centred subject
        mask[h // 6 : h - h // 6, w // 6 : w - w // 6] = cv2.GC_PR_FGD
    return mask


def _largest_components(fg: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    count, labels, stats, _centroids = cv2.connectedComponentsWithStats(fg.astype(np.uint8), connectivity=8)
    if count <= 1:
        return fg
    areas = np.asarray(stats, np.int64)[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(count, np.bool_)
    keep[1:] = areas >= MIN_COMPONENT * float(areas.max())
    return np.asarray(keep[np.asarray(labels)], np.bool_)


def guided_filter(guide: Floats, source: Floats, radius: int, eps: float) -> Floats:
    """He, Sun and Tang's guided filter with a grey guide (both H x W float32, 0..1): ``source`` smoothed
    so that its edges follow the guide's. O(pixels), whatever the radius (box filters)."""
    size = (2 * radius + 1, 2 * radius + 1)

    def box(x: Floats) -> Floats:
        return np.asarray(cv2.boxFilter(x, cv2.CV_32F, size, borderType=cv2.BORDER_REFLECT), np.float32)

    mean_i, mean_p = box(guide), box(source)
    cov_ip = box(guide * source) - mean_i * mean_p
    var_i = box(guide * guide) - mean_i * mean_i
    a = np.asarray(cov_ip / (var_i + eps), np.float32)
    b = np.asarray(mean_p - a * mean_i, np.float32)
    return np.asarray(box(a) * guide + box(b), np.float32)


def refine(mask: npt.NDArray[np.bool_], rgb: Rgb) -> Floats:
    """A full-size float alpha matte (0..1) from a hard mask of any smaller size, its edges fitted to ``rgb``."""
    h, w = rgb.shape[:2]
    factor = max(w / mask.shape[1], h / mask.shape[0])
    soft = np.asarray(cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 0.8), np.float32)
    if soft.shape != (h, w):
        soft = np.asarray(cv2.resize(soft, (w, h), interpolation=cv2.INTER_LINEAR), np.float32)
    grey = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), np.float32) / 255.0
    radius = max(2, round(1.5 * factor))
    alpha = guided_filter(grey, soft, radius, eps=2e-3)
    # the filter leaves a ramp of ~radius pixels; steepen it around 1/2 for a crisp but anti-aliased edge
    return np.asarray(np.clip((alpha - 0.5) * 1.5 + 0.5, 0.0, 1.0), np.float32)


class GrabCutRemover:
    """The built-in method: GrabCut seeded from a border background model, refined with a guided filter."""

    name = "grabcut"

    def __init__(self, *, work_pixels: int = WORK_PIXELS, iterations: int = GRABCUT_ITERATIONS) -> None:
        self.work_pixels = work_pixels
        self.iterations = iterations

    def hard_mask(self, rgb: Rgb) -> npt.NDArray[np.bool_]:
        """The foreground as a boolean mask at the working size (at most ``work_pixels``)."""
        h, w = rgb.shape[:2]
        ws, hs = fit_within(w, h, self.work_pixels)
        small = rgb if (ws, hs) == (w, h) else np.asarray(cv2.resize(rgb, (ws, hs), interpolation=cv2.INTER_AREA))
        small = np.ascontiguousarray(small, np.uint8)
        if min(ws, hs) < 8:  # too small to model a border: everything is foreground
            return np.ones((hs, ws), np.bool_)
        seeds = _seeds(foreground_score(small))
        mask = seeds.copy()
        bgd = np.zeros((1, 65), np.float64)
        fgd = np.zeros((1, 65), np.float64)
        with contextlib.suppress(cv2.error):  # a degenerate model (e.g. a one-colour image): keep the seeds
            cv2.grabCut(small, mask, (0, 0, 1, 1), bgd, fgd, self.iterations, cv2.GC_INIT_WITH_MASK)
        fg = (mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)
        if not np.any(fg):  # GrabCut gave everything to the background: fall back to its seeds
            fg = seeds == cv2.GC_PR_FGD
        return _largest_components(fg)

    def matte(self, rgb: Rgb) -> Floats:
        mask = self.hard_mask(rgb)
        h, w = rgb.shape[:2]
        rw, rh = fit_within(w, h, REFINE_PIXELS)
        if (rw, rh) == (w, h):
            return refine(mask, rgb)
        # above REFINE_PIXELS the edges are fitted on a reduced copy (memory: ~10 float planes of that size)
        small = np.ascontiguousarray(cv2.resize(rgb, (rw, rh), interpolation=cv2.INTER_AREA), np.uint8)
        return np.asarray(cv2.resize(refine(mask, small), (w, h), interpolation=cv2.INTER_LINEAR), np.float32)


register(GrabCutRemover.name, GrabCutRemover)


# ------------------------------------------------------------------ the operation


def _as_unit_alpha(matte: Matte, shape: tuple[int, int]) -> Floats:
    if matte.shape != shape:
        raise ValueError(f"the matte is {matte.shape}, the image {shape}")
    if matte.dtype == np.uint8:
        return matte.astype(np.float32) / 255.0
    return np.clip(matte.astype(np.float32), 0.0, 1.0)


def remove_background(
    data: bytes,
    *,
    method: str = DEFAULT_METHOD,
    max_pixels: int,
    max_input_bytes: int,
) -> ProcessedImage:
    """Cut out the subject of an image: a PNG with an alpha channel, the same size as the upright input.

    ``method`` names a registered :class:`BackgroundRemover` (422 ``invalid-image-options`` when unknown).
    An input that already has transparency keeps it: the matte is multiplied into its alpha. The input's ICC
    profile is kept. (When the matte removes nothing at all, the shared encoder drops the all-opaque alpha
    channel and the PNG is RGB.) Inputs above ``pixels.FAST_PNG_PIXELS`` are written at a fast zlib level.
    Raises the :mod:`design_agent.images` errors for inputs over the limits or unreadable.
    """
    chosen = remover(method)  # an unknown method fails before anything is decoded
    decoded = decode(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    rgb = rgb_array(decoded.image)
    alpha = _as_unit_alpha(chosen.matte(rgb), rgb.shape[:2])
    existing = alpha_array(decoded.image)
    if existing is not None:
        alpha = alpha * (existing.astype(np.float32) / 255.0)
    out = np.dstack([rgb, np.round(alpha * 255.0).astype(np.uint8)])
    return encode(Image.fromarray(out), "png", icc_profile=decoded.icc_profile)
