"""SmartCrop: crop to a size or aspect ratio, keeping what matters in the picture.

Where the crop goes, in order (the first that applies wins; it is reported as ``source``):

1. ``caller`` — a focal point given with the request (relative 0..1) is centred as far as the image allows;
2. ``face`` — faces found by a :class:`FaceDetector`, when one is given: the box around all faces is kept
   whole when it fits (centred on it), else the largest face is centred;
3. ``saliency`` — the window holding the most saliency wins. The map is the background-removal's border
   contrast (:func:`functions.media.imaging.matting.foreground_score` on a 96-pixel-wide copy: how unlike
   the picture's border every pixel is) when between :data:`CONTRAST_MIN_SHARE` and
   :data:`CONTRAST_MAX_SHARE` of the picture clearly stands out; otherwise a spectral-residual map (Hou &
   Zhang, 2007; numpy's FFT on the L, a and b channels of a 64-pixel-wide copy, because OpenCV's
   ``saliency`` module is not in the headless wheel) when it is peaked enough to mean something
   (:data:`SALIENCY_MIN_PEAK`; a flat or uniformly busy picture has no salient spot). On the synthetic test
   set the border contrast keeps 99.8 % of what the best window could keep of the object, the spectral
   residual alone 91 %;
4. ``centre`` — the centre of the picture.

Faces: :class:`HaarFaceDetector` (the default, :func:`default_face_detector`) runs OpenCV's frontal-face
Haar cascade, which the ``opencv-python-headless`` 4.x wheel ships in ``cv2.data`` (5.x dropped the cascades
and ``CascadeClassifier``, which is why the media layer pins 4.x). :class:`YuNetFaceDetector` runs OpenCV's
``FaceDetectorYN`` with a YuNet ONNX file that a deployment may provide for better recall (e.g. in a layer).
Any object with a ``detect(rgb)`` method returning :class:`Face` boxes can be passed instead.

Geometry: the crop is the *largest* box of the target aspect ratio that fits the (upright) image, placed as
above and clamped to the image; it is then scaled down to ``width`` x ``height``. It is never scaled up unless
``allow_upscale``: when the box is smaller than the requested size the output is the box itself, at the
requested aspect ratio but smaller than asked (no error). The target is given as

* ``width`` and ``height`` (their ratio is the aspect ratio);
* ``aspect`` (``"16:9"``, ``"1.5"`` or a number) alone — the largest box, not scaled — or with one of
  ``width``/``height``, which gives the other;
* only one of ``width``/``height``: the source's aspect ratio, which is a plain (down)scale of the whole image.

Anything else (no target, an aspect ratio with both sizes, sizes outside 1..``max_output_edge``, an aspect
ratio outside 1:20..20:1) is 422 ``invalid-image-options``.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from typing import Final, Literal, NamedTuple, Protocol

import cv2
import numpy as np
from design_agent import images
from design_agent.images import ProcessedImage
from PIL import Image

from functions.media.imaging.matting import SEED_THRESHOLD, foreground_score
from functions.media.imaging.pixels import Floats, Rgb, decode, encode, fit_within, rgb_array

CropSource = Literal["caller", "face", "saliency", "centre"]
SALIENCY_WIDTH: Final = 64
SALIENCY_MIN_PEAK: Final = 2.0
"""The spectral-residual map is used when its top 5 % of pixels average at least this many times its mean."""
CONTRAST_WIDTH: Final = 96
CONTRAST_MIN_SHARE: Final = 0.002
CONTRAST_MAX_SHARE: Final = 0.7
"""The border-contrast map is used when this share of the picture (0.2 % .. 70 %) stands out clearly."""
CONTRAST_FULL: Final = 8.0
"""Border-contrast scores are clipped at this (in units of the border's own spread) to make the map."""
MAX_ASPECT: Final = 20.0
FACE_DETECTION_PIXELS: Final = 640 * 480


@dataclass(frozen=True, slots=True)
class CropBox:
    """A rectangle in the upright source image's pixels."""

    x: int
    y: int
    width: int
    height: int

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


class FocalPoint(NamedTuple):
    """The point the crop was built around, relative to the source: (0, 0) top-left, (1, 1) bottom-right."""

    x: float
    y: float


class CropResult(NamedTuple):
    """What :func:`smart_crop` returns (a tuple: ``image, box, focal_point, source = smart_crop(...)``)."""

    image: ProcessedImage
    box: CropBox
    focal_point: FocalPoint
    source: CropSource


@dataclass(frozen=True, slots=True)
class Face:
    """A detected face in the pixels of the image given to the detector."""

    x: float
    y: float
    width: float
    height: float
    score: float = 1.0


class FaceDetector(Protocol):
    def detect(self, rgb: Rgb) -> list[Face]:
        """Faces in H x W x 3 uint8 RGB pixels (an empty list when there are none)."""
        ...


def _for_detection(rgb: Rgb) -> Rgb:
    """A copy of at most :data:`FACE_DETECTION_PIXELS` (the image itself when it is that small)."""
    h, w = rgb.shape[:2]
    dw, dh = fit_within(w, h, FACE_DETECTION_PIXELS)
    return rgb if (dw, dh) == (w, h) else np.asarray(cv2.resize(rgb, (dw, dh), interpolation=cv2.INTER_AREA))


class YuNetFaceDetector:
    """OpenCV's ``FaceDetectorYN`` with a YuNet ONNX model file (not bundled with OpenCV; the deployment
    ships it). Runs on a copy of at most :data:`FACE_DETECTION_PIXELS` pixels. The model is loaded once."""

    def __init__(self, model_path: str, *, score_threshold: float = 0.7) -> None:
        if not os.path.isfile(model_path):
            raise FileNotFoundError(f"No face detection model at {model_path}")
        self._net = cv2.FaceDetectorYN.create(model_path, "", (320, 320), score_threshold)

    def detect(self, rgb: Rgb) -> list[Face]:
        small = _for_detection(rgb)
        h, w = rgb.shape[:2]
        dh, dw = small.shape[:2]
        self._net.setInputSize((dw, dh))
        _count, found = self._net.detect(np.ascontiguousarray(small[:, :, ::-1]))  # YuNet wants BGR
        if found is None:
            return []
        sx, sy = w / dw, h / dh
        rows = np.asarray(found, np.float32).reshape(-1, 15)
        return [
            Face(float(r[0]) * sx, float(r[1]) * sy, float(r[2]) * sx, float(r[3]) * sy, float(r[14])) for r in rows
        ]


class HaarFaceDetector:
    """OpenCV's bundled frontal-face Haar cascade on a grey copy of at most :data:`FACE_DETECTION_PIXELS`."""

    def __init__(self, cascade_path: str, *, min_neighbours: int = 5, min_size_ratio: float = 0.04) -> None:
        self._cascade = cv2.CascadeClassifier(cascade_path)
        if self._cascade.empty():
            raise FileNotFoundError(f"No Haar cascade at {cascade_path}")
        self._neighbours = min_neighbours
        self._min_ratio = min_size_ratio

    def detect(self, rgb: Rgb) -> list[Face]:
        small = _for_detection(rgb)
        h, w = rgb.shape[:2]
        dh, dw = small.shape[:2]
        grey = cv2.equalizeHist(cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY))
        side = max(16, round(min(dw, dh) * self._min_ratio))
        found = self._cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=self._neighbours,
                                               minSize=(side, side))
        sx, sy = w / dw, h / dh
        return [Face(float(x) * sx, float(y) * sy, float(fw) * sx, float(fh) * sy) for x, y, fw, fh in found]


FRONTAL_FACE_CASCADE: Final = "haarcascade_frontalface_default.xml"


@functools.cache
def default_face_detector() -> FaceDetector | None:
    """The bundled Haar detector (loaded once per process), or None when this OpenCV build has no cascades."""
    data = getattr(getattr(cv2, "data", None), "haarcascades", None)
    path = os.path.join(data, FRONTAL_FACE_CASCADE) if data else None
    return HaarFaceDetector(path) if path and os.path.isfile(path) else None


# ------------------------------------------------------------------ saliency


def spectral_residual(rgb: Rgb, width: int = SALIENCY_WIDTH) -> Floats:
    """A saliency map (0..1) of ``rgb`` at ``width`` pixels wide: for each of L, a, b, the log amplitude
    spectrum minus its local mean, back-transformed with the original phase; the three maps are summed."""
    h, w = rgb.shape[:2]
    size = (width, max(1, round(width * h / w))) if w >= h else (max(1, round(width * w / h)), width)
    small = np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), np.uint8)
    lab = np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2LAB), np.float32)
    total = np.zeros(lab.shape[:2], np.float64)
    for channel in range(3):
        plane = lab[:, :, channel]
        if float(plane.std()) < 0.5:  # a flat channel has no structure (and no spectrum to speak of)
            continue
        spectrum = np.fft.fft2(plane - plane.mean())  # without the DC term, which would swamp the map
        log_amplitude = np.log(np.abs(spectrum) + 1e-8).astype(np.float32)
        residual = log_amplitude - np.asarray(cv2.blur(log_amplitude, (3, 3)), np.float32)
        total += np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    smooth = np.asarray(cv2.GaussianBlur(total.astype(np.float32), (0, 0), max(1.0, width / 24)), np.float32)
    top = float(smooth.max())
    return (smooth / top).astype(np.float32) if top > 0 else smooth


def border_contrast(rgb: Rgb, width: int = CONTRAST_WIDTH) -> Floats | None:
    """A saliency map (0..1) from how unlike the border each pixel is, or ``None`` when too little or too
    much of the picture stands out for it to single anything out."""
    h, w = rgb.shape[:2]
    size = (width, max(8, round(width * h / w))) if w >= h else (max(8, round(width * w / h)), width)
    small = np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), np.uint8)
    score = foreground_score(small)
    share = float(np.count_nonzero(score > SEED_THRESHOLD)) / score.size
    if not (CONTRAST_MIN_SHARE <= share <= CONTRAST_MAX_SHARE):
        return None
    return np.asarray(np.clip(score / CONTRAST_FULL, 0.0, 1.0), np.float32)


def saliency_map(rgb: Rgb) -> Floats | None:
    """The map step 3 of the module docstring uses, or ``None`` when neither map singles anything out."""
    contrast = border_contrast(rgb)
    if contrast is not None:
        return contrast
    residual = spectral_residual(rgb)
    return residual if peakiness(residual) >= SALIENCY_MIN_PEAK else None


def peakiness(saliency: Floats) -> float:
    """Mean of the top 5 % of the map over its overall mean (1.0 for a flat map)."""
    mean = float(saliency.mean())
    if mean <= 0:
        return 1.0
    flat = np.sort(saliency, axis=None)
    return float(flat[-max(1, flat.size // 20) :].mean()) / mean


# ------------------------------------------------------------------ geometry


def parse_aspect(aspect: str | float) -> float:
    """``"16:9"``, ``"1.5"`` or a number -> width / height, within 1:20..20:1 (else 422)."""
    try:
        if isinstance(aspect, str):
            left, sep, right = aspect.partition(":")
            value = float(left) / float(right) if sep else float(left)
        else:
            value = float(aspect)
    except (ValueError, ZeroDivisionError) as exc:
        raise images.InvalidImageOptions(f"aspect must be like 16:9 or 1.5, not {aspect!r}") from exc
    if not (math.isfinite(value) and 1 / MAX_ASPECT <= value <= MAX_ASPECT):
        raise images.InvalidImageOptions(f"aspect must be between 1:{MAX_ASPECT:g} and {MAX_ASPECT:g}:1")
    return value


def target_size(
    src: tuple[int, int],
    width: int | None,
    height: int | None,
    aspect: str | float | None,
    max_output_edge: int = images.DEFAULT_MAX_OUTPUT_EDGE,
) -> tuple[float, tuple[int, int] | None]:
    """(the aspect ratio to crop to, the requested output size or ``None`` for "the crop's own size")."""
    for name, value in (("width", width), ("height", height)):
        if value is not None and not (1 <= value <= max_output_edge):
            raise images.InvalidImageOptions(f"{name} must be between 1 and {max_output_edge}")
    if aspect is not None:
        if width is not None and height is not None:
            raise images.InvalidImageOptions("an aspect ratio goes with at most one of width and height")
        ratio = parse_aspect(aspect)
        if width is not None:
            return ratio, (width, max(1, round(width / ratio)))
        if height is not None:
            return ratio, (max(1, round(height * ratio)), height)
        return ratio, None
    if width is not None and height is not None:
        return width / height, (width, height)
    ratio = src[0] / src[1]
    if width is not None:
        return ratio, (width, max(1, round(width / ratio)))
    if height is not None:
        return ratio, (max(1, round(height * ratio)), height)
    raise images.InvalidImageOptions("give width and/or height, or an aspect ratio")


def largest_box(src: tuple[int, int], ratio: float) -> tuple[int, int]:
    """The largest width x height of aspect ``ratio`` inside ``src``."""
    sw, sh = src
    if sw / sh > ratio:
        return min(sw, max(1, round(sh * ratio))), sh
    return sw, min(sh, max(1, round(sw / ratio)))


def place(src: tuple[int, int], box: tuple[int, int], cx: float, cy: float) -> CropBox:
    """A ``box``-sized crop centred on (``cx``, ``cy``) as far as the image allows (clamped to it)."""
    sw, sh = src
    bw, bh = box
    x = min(max(round(cx - bw / 2), 0), sw - bw)
    y = min(max(round(cy - bh / 2), 0), sh - bh)
    return CropBox(x, y, bw, bh)


def _face_centre(faces: list[Face], box: tuple[int, int]) -> tuple[float, float]:
    left = min(f.x for f in faces)
    top = min(f.y for f in faces)
    right = max(f.x + f.width for f in faces)
    bottom = max(f.y + f.height for f in faces)
    if right - left <= box[0] and bottom - top <= box[1]:
        return (left + right) / 2, (top + bottom) / 2
    largest = max(faces, key=lambda f: f.width * f.height)
    return largest.x + largest.width / 2, largest.y + largest.height / 2


def _salient_window(saliency: Floats, src: tuple[int, int], box: tuple[int, int]) -> tuple[float, float]:
    """Where to centre a ``box``-sized crop (source pixels): along the free axis, the window holding the most
    saliency (of equal ones, the one most centred on the saliency's centroid); along the other, the centroid."""
    sw, sh = src
    mh, mw = saliency.shape
    ys, xs = np.mgrid[0:mh, 0:mw].astype(np.float64)
    weights = saliency.astype(np.float64) ** 2  # favour the peaks over a broad low glow
    total = float(weights.sum())
    if total <= 0:
        return sw / 2, sh / 2
    centroid = (float((xs * weights).sum()) / total, float((ys * weights).sum()) / total)
    scale_x, scale_y = sw / mw, sh / mh
    cx, cy = (centroid[0] + 0.5) * scale_x, (centroid[1] + 0.5) * scale_y
    for axis, (full, span) in enumerate(((sw, box[0]), (sh, box[1]))):
        if span >= full:
            continue
        profile = weights.sum(axis=axis)  # saliency per column (x free) or per row (y free)
        cells = len(profile)
        window = max(1, round(span / full * cells))
        sums = np.convolve(profile, np.ones(window), mode="valid")
        best = np.flatnonzero(sums >= sums.max() * 0.999)
        centred = centroid[axis] + 0.5 - window / 2  # of the windows that tie, the one most centred on the mass
        start = int(best[np.argmin(np.abs(best - centred))])
        centre = (start + window / 2) * full / cells
        if axis == 0:
            cx = centre
        else:
            cy = centre
    return cx, cy


# ------------------------------------------------------------------ the operation


def smart_crop(
    data: bytes,
    *,
    width: int | None = None,
    height: int | None = None,
    aspect: str | float | None = None,
    focal_point: tuple[float, float] | None = None,
    allow_upscale: bool = False,
    format: str | None = None,
    quality: int | None = None,
    faces: FaceDetector | None = None,
    max_pixels: int,
    max_input_bytes: int,
    max_output_edge: int = images.DEFAULT_MAX_OUTPUT_EDGE,
    max_output_pixels: int = images.DEFAULT_MAX_OUTPUT_PIXELS,
) -> CropResult:
    """Crop ``data`` to the target (see the module docstring) around the caller's focal point, faces (with a
    ``faces`` detector), the most salient region, or the centre.

    Returns the encoded crop (``format`` defaults to the source's; transparency is kept), the crop box in
    the upright source's pixels, the focal point it was built around (relative) and where that came from.
    An enlarged output (``allow_upscale``) over ``max_output_pixels`` is 422 before anything is decoded.
    """
    if allow_upscale and width is not None and height is not None:
        images.check_output(width, height, max_output_pixels)
    if focal_point is not None and not all(0.0 <= v <= 1.0 for v in focal_point):
        raise images.InvalidImageOptions("focal_point must be relative: x and y between 0 and 1")
    images.check_quality(quality)
    out_format = images.output_format(format) if format else None
    decoded = decode(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    im = decoded.image
    src = im.size
    ratio, wanted = target_size(src, width, height, aspect, max_output_edge)
    box = largest_box(src, ratio)

    source: CropSource
    if focal_point is not None:
        source, cx, cy = "caller", focal_point[0] * src[0], focal_point[1] * src[1]
    else:
        rgb = rgb_array(im)
        found = faces.detect(rgb) if faces is not None else []
        if found:
            source, (cx, cy) = "face", _face_centre(found, box)
        else:
            saliency = saliency_map(rgb)
            if saliency is not None:
                source, (cx, cy) = "saliency", _salient_window(saliency, src, box)
            else:
                source, cx, cy = "centre", src[0] / 2, src[1] / 2
    crop = place(src, box, cx, cy)
    focal = FocalPoint(round(min(max(cx / src[0], 0.0), 1.0), 4), round(min(max(cy / src[1], 0.0), 1.0), 4))

    out = im.crop((crop.x, crop.y, crop.x + crop.width, crop.y + crop.height))
    size = (crop.width, crop.height)
    if wanted is not None and (allow_upscale or (wanted[0] <= crop.width and wanted[1] <= crop.height)):
        size = wanted
    images.check_output(*size, max_output_pixels)  # one given side and an aspect ratio, enlarged
    if size != out.size:
        out = out.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    fmt = out_format or decoded.default_format()
    return CropResult(encode(out, fmt, quality=quality, icc_profile=decoded.icc_profile), crop, focal, source)
