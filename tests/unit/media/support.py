"""Helpers shared by the Media algorithm tests."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image

LIMITS = {"max_pixels": 50_000_000, "max_input_bytes": 50 * 1024 * 1024}


def png(pixels: npt.NDArray[np.uint8]) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG")
    return buf.getvalue()


def jpeg(pixels: npt.NDArray[np.uint8], quality: int = 92) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def array(data: bytes, mode: str | None = None) -> npt.NDArray[np.uint8]:
    im = decode(data)
    return np.asarray(im.convert(mode) if mode else im, dtype=np.uint8)


def flat(size: tuple[int, int], colour: tuple[int, ...]) -> npt.NDArray[np.uint8]:
    w, h = size
    return np.broadcast_to(np.array(colour, np.uint8), (h, w, len(colour))).copy()
