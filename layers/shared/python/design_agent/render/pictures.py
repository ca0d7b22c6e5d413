"""Element drawing: images (crop, fit, filters) and the placeholder drawn for an image that cannot be had."""

from __future__ import annotations

import math
from typing import Final

from PIL import Image, ImageDraw, ImageFilter

from design_agent.contracts.designs import CropBox, ImageElement, ImageFilters
from design_agent.render.geometry import Box, intersect

PLACEHOLDER_FILL: Final = (224, 224, 224, 255)
PLACEHOLDER_LINE: Final = (158, 158, 158, 255)


def image_tile(src: Image.Image | None, body: ImageElement, w: int, h: int, window: Box, scale: float) -> Image.Image:
    if src is None:
        return placeholder(w, h, window, scale)
    radius = body.filters.blur * scale
    if radius <= 0:
        return apply_filters(fit_image(src, body.crop, body.fit, w, h, window), body.filters, 0)
    margin = math.ceil(radius * 3)
    u0, v0, u1, v1 = window
    wider = intersect((u0 - margin, v0 - margin, u1 + margin, v1 + margin), (0, 0, w, h)) or window
    tile = apply_filters(fit_image(src, body.crop, body.fit, w, h, wider), body.filters, radius)
    return tile.crop((u0 - wider[0], v0 - wider[1], u1 - wider[0], v1 - wider[1]))

def placeholder(w: int, h: int, window: Box, scale: float) -> Image.Image:
    u0, v0, u1, v1 = window
    tile = Image.new("RGBA", (u1 - u0, v1 - v0), PLACEHOLDER_FILL)
    draw = ImageDraw.Draw(tile)
    lw = max(1, round(2 * scale))
    left, top, right, bottom = -u0, -v0, w - u0 - 1, h - v0 - 1
    draw.line([(left, top), (right, bottom)], fill=PLACEHOLDER_LINE, width=lw)
    draw.line([(right, top), (left, bottom)], fill=PLACEHOLDER_LINE, width=lw)
    draw.rectangle((left, top, right, bottom), outline=PLACEHOLDER_LINE, width=lw)
    return tile


def fit_image(src: Image.Image, crop: CropBox | None, fit: str, w: int, h: int, window: Box) -> Image.Image:
    """The ``window`` (tile coordinates) of ``src``'s crop fitted into a ``w x h`` box, as RGBA.

    ``fill`` stretches, ``contain`` letterboxes (transparent bars), ``cover`` crops the centre. The
    crop and the fit are one resampling step (``resize(box=...)``), only over the visible window.
    """
    if crop is not None:  # a hard crop on the pixel grid: resampling must not bleed in what is cropped away
        iw, ih = src.size
        cl, ct = min(iw - 1, round(crop.x * iw)), min(ih - 1, round(crop.y * ih))
        cr = max(cl + 1, min(iw, round((crop.x + crop.width) * iw)))
        cb = max(ct + 1, min(ih, round((crop.y + crop.height) * ih)))
        if (cl, ct, cr, cb) != (0, 0, iw, ih):
            src = src.crop((cl, ct, cr, cb))
    iw, ih = src.size
    left, top, right, bottom = 0.0, 0.0, float(iw), float(ih)  # the source region that maps onto ``dest``
    dest: Box = (0, 0, w, h)
    if fit == "cover":
        k = max(w / iw, h / ih)
        vw, vh = w / k, h / k
        left, top = (iw - vw) / 2, (ih - vh) / 2
        right, bottom = left + vw, top + vh
    elif fit == "contain":
        k = min(w / iw, h / ih)
        dw, dh = max(1, round(iw * k)), max(1, round(ih * k))
        dx, dy = (w - dw) // 2, (h - dh) // 2
        dest = (dx, dy, dx + dw, dy + dh)
    u0, v0, u1, v1 = window
    size = (u1 - u0, v1 - v0)
    part_box = intersect(dest, window)
    if part_box is None:
        return Image.new("RGBA", size, (0, 0, 0, 0))
    kx = (right - left) / (dest[2] - dest[0])
    ky = (bottom - top) / (dest[3] - dest[1])
    sub = (
        left + (part_box[0] - dest[0]) * kx,
        top + (part_box[1] - dest[1]) * ky,
        left + (part_box[2] - dest[0]) * kx,
        top + (part_box[3] - dest[1]) * ky,
    )
    part_size = (part_box[2] - part_box[0], part_box[3] - part_box[1])
    part = src.resize(part_size, Image.Resampling.LANCZOS, box=sub, reducing_gap=3.0)
    if part.mode != "RGBA":
        part = part.convert("RGBA")
    if part_box == window:
        return part
    tile = Image.new("RGBA", size, (0, 0, 0, 0))
    tile.paste(part, (part_box[0] - u0, part_box[1] - v0))
    return tile


def apply_filters(tile: Image.Image, filters: ImageFilters, blur_radius: float) -> Image.Image:
    """Grayscale, brightness and contrast with CSS ``filter`` semantics (contrast pivots on 50% grey, so the
    result does not depend on which part of the image is visible), then a Gaussian blur on premultiplied
    alpha. ``blur_radius`` is in output pixels."""
    if filters.grayscale or filters.brightness != 1 or filters.contrast != 1:
        alpha = tile.getchannel("A")
        rgb = tile.convert("RGB")
        if filters.grayscale:
            rgb = rgb.convert("L").convert("RGB")
        if filters.brightness != 1 or filters.contrast != 1:
            b, c = filters.brightness, filters.contrast
            lut = [max(0, min(255, round((v * b - 127.5) * c + 127.5))) for v in range(256)]
            rgb = rgb.point(lut * 3)
        rgb.putalpha(alpha)
        tile = rgb
    if blur_radius > 0:
        tile = tile.convert("RGBa").filter(ImageFilter.GaussianBlur(blur_radius)).convert("RGBA")
    return tile
