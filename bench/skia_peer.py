"""The poster renderer's peer: the same document drawn with skia-python (Skia, BSD; a bench-only dependency).

Draws what ``design_agent.render`` draws, the way a Skia renderer would: the background, layers by order
(a translucent layer as one ``saveLayerAlpha``), elements by ``z``, each rotated about its centre and clipped
to its box; shapes antialiased, text in the same default font (Aileron) broken into the same lines, images
decoded by Skia, cropped and fitted with cubic sampling, grey/blurred by colour and image filters; then the
canvas encoded as PNG by Skia. It is the speed reference of ``bench.render_poster``, not a second renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import skia
from design_agent.contracts.designs import ImageElement, PosterDocument, ShapeElement, TextElement
from design_agent.render import parse_colour, wrap_text
from PIL import ImageFont

_GREY = [0.2126, 0.7152, 0.0722, 0, 0] * 3 + [0, 0, 0, 1, 0]


def _colour(value: str) -> int:
    r, g, b, a = parse_colour(value)
    return int(skia.Color(r, g, b, a))


def _typeface() -> Any:
    face = ImageFont.load_default(size=10)
    return skia.Typeface.MakeFromData(skia.Data.MakeWithCopy(getattr(face, "font_bytes", b"")))


def render_png(document: PosterDocument, images: Callable[[str], bytes | None]) -> bytes:
    poster = document.poster
    surface = skia.Surface(poster.width, poster.height)
    canvas = surface.getCanvas()
    canvas.clear(_colour(poster.background.color))
    typeface = _typeface()
    decoded: dict[str, Any] = {}
    by_layer: dict[str, list[tuple[int, int, Any]]] = {}
    for index, element in enumerate(document.elements):
        by_layer.setdefault(element.layer_id, []).append((element.z, index, element.body))
    for layer in sorted(document.layers, key=lambda lyr: lyr.order):
        if not layer.visible or layer.opacity <= 0:
            continue
        if layer.opacity < 1:
            canvas.saveLayerAlpha(None, round(layer.opacity * 255))
        for _, _, body in sorted(by_layer.get(layer.layer_id, []), key=lambda t: (t[0], t[1])):
            _element(canvas, body, typeface, images, decoded)
        if layer.opacity < 1:
            canvas.restore()
    return bytes(surface.makeImageSnapshot().encodeToData(skia.kPNG, 100))


def _element(canvas: Any, body: Any, typeface: Any, images: Callable[[str], bytes | None],
             decoded: dict[str, Any]) -> None:
    if body.kind == "group" or body.opacity <= 0:
        return
    canvas.save()
    canvas.translate(body.x + body.width / 2, body.y + body.height / 2)
    canvas.rotate(body.rotation)
    canvas.translate(-body.width / 2, -body.height / 2)
    box = skia.Rect.MakeWH(body.width, body.height)
    if body.opacity < 1:
        canvas.saveLayerAlpha(None, round(body.opacity * 255))
    if isinstance(body, ShapeElement):
        _shape(canvas, body, box)
    elif isinstance(body, TextElement):
        canvas.clipRect(box)
        _text(canvas, body, typeface)
    elif isinstance(body, ImageElement):
        canvas.clipRect(box)
        _image(canvas, body, images, decoded)
    if body.opacity < 1:
        canvas.restore()
    canvas.restore()


def _shape(canvas: Any, body: ShapeElement, box: Any) -> None:
    if body.shape == "line":
        colour = body.stroke or body.fill
        if colour:
            paint = skia.Paint(AntiAlias=True, Color=_colour(colour), StrokeWidth=max(1.0, body.stroke_width),
                               Style=skia.Paint.kStroke_Style)
            canvas.drawLine(0, 0, body.width, body.height, paint)
        return
    paints = []
    if body.fill:
        paints.append(skia.Paint(AntiAlias=True, Color=_colour(body.fill)))
    if body.stroke and body.stroke_width > 0:
        paints.append(skia.Paint(AntiAlias=True, Color=_colour(body.stroke), StrokeWidth=body.stroke_width,
                                 Style=skia.Paint.kStroke_Style))
    radius = min(body.corner_radius, body.width / 2, body.height / 2)
    for paint in paints:
        if body.shape == "ellipse":
            canvas.drawOval(box, paint)
        elif radius > 0:
            canvas.drawRRect(skia.RRect.MakeRectXY(box, radius, radius), paint)
        else:
            canvas.drawRect(box, paint)


def _text(canvas: Any, body: TextElement, typeface: Any) -> None:
    font = skia.Font(typeface, body.font_size)
    paint = skia.Paint(AntiAlias=True, Color=_colour(body.color))
    metrics = font.getMetrics()
    ascent, descent = -metrics.fAscent, metrics.fDescent
    pitch = body.font_size * body.line_height
    lines = wrap_text(body.content, body.width, lambda s: float(font.measureText(s)))
    for i, line in enumerate(lines):
        baseline = i * pitch + (pitch - (ascent + descent)) / 2 + ascent
        if not line or baseline - ascent > body.height:
            continue
        width = float(font.measureText(line))
        x = {"left": 0.0, "center": (body.width - width) / 2, "right": body.width - width}[body.align]
        canvas.drawString(line, x, baseline, font, paint)


def _image(canvas: Any, body: ImageElement, images: Callable[[str], bytes | None], decoded: dict[str, Any]) -> None:
    if body.file_id not in decoded:
        data = images(body.file_id)
        decoded[body.file_id] = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data)) if data else None
    image = decoded[body.file_id]
    if image is None:
        return
    iw, ih = image.width(), image.height()
    crop = body.crop
    src = skia.Rect.MakeXYWH(crop.x * iw, crop.y * ih, crop.width * iw, crop.height * ih) if crop \
        else skia.Rect.MakeWH(iw, ih)
    w, h = body.width, body.height
    dst = skia.Rect.MakeWH(w, h)
    if body.fit == "cover":
        k = max(w / src.width(), h / src.height())
        vw, vh = w / k, h / k
        src = skia.Rect.MakeXYWH(src.centerX() - vw / 2, src.centerY() - vh / 2, vw, vh)
    elif body.fit == "contain":
        k = min(w / src.width(), h / src.height())
        dw, dh = src.width() * k, src.height() * k
        dst = skia.Rect.MakeXYWH((w - dw) / 2, (h - dh) / 2, dw, dh)
    paint = skia.Paint(AntiAlias=True)
    if body.filters.grayscale:
        paint.setColorFilter(skia.ColorFilters.Matrix(_GREY))
    if body.filters.blur > 0:
        paint.setImageFilter(skia.ImageFilters.Blur(body.filters.blur, body.filters.blur))
    sampling = skia.SamplingOptions(skia.CubicResampler.Mitchell())
    canvas.drawImageRect(image, src, dst, sampling, paint)
