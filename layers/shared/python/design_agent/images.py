"""Image processing shared by the File and Media services: sniff, safe open, resize, compress, convert,
and :func:`encode`, the one writer of every output image.

Pure functions: bytes in, :class:`ProcessedImage` out. No AWS, no environment reads, no global state
is changed (Pillow's ``Image.MAX_IMAGE_PIXELS`` is left alone; limits are checked per call).

Safety rules applied to every input:

* at most ``max_input_bytes`` of encoded data (413 ``image-too-large``);
* only the raster formats in :data:`DECODABLE_FORMATS` are ever handed to a decoder (no EPS/Ghostscript,
  no exotic plugins), everything else is 422 ``unsupported-image``;
* the pixel count is read from the header (``Image.open`` is lazy) and checked against ``max_pixels``
  *before* anything is decoded (413 ``image-too-many-pixels``); Pillow's own decompression-bomb
  error/warning is mapped to the same error;
* truncated or corrupt data fails with 422 ``corrupt-image`` (``LOAD_TRUNCATED_IMAGES`` is never set);
* the EXIF orientation is applied to the pixels, so outputs are always upright.

Outputs never carry private metadata: EXIF (GPS, maker notes, camera serials), XMP, IPTC, comments and
PNG text chunks are dropped. Only the ICC colour profile is kept (``color="keep"``, the default), or the
pixels are converted to sRGB and written untagged (``color="srgb"``; untagged means sRGB on the web).
Images in other colour spaces (CMYK, LAB, 16-bit grey) are always converted to sRGB / 8-bit.

Animated GIF/WebP/AVIF inputs are reduced to their first frame.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal, cast

from PIL import Image, ImageCms, ImageColor, ImageFile, ImageOps, UnidentifiedImageError, features

from design_agent import errors, image_limits
from design_agent.sniffing import sniff

# ------------------------------------------------------------------ errors


class ImageTooLarge(errors.PayloadTooLarge):
    code = "image-too-large"
    title = "The image is too large"


class TooManyPixels(ImageTooLarge):
    """Width x height above the limit (this is also how decompression bombs are refused)."""

    code = "image-too-many-pixels"
    title = "The image has too many pixels"


DecompressionBomb = TooManyPixels


class NotAnImage(errors.Unprocessable):
    code = "unsupported-image"
    title = "The data is not an image in a supported format"


class CorruptImage(errors.Unprocessable):
    code = "corrupt-image"
    title = "The image data is truncated or corrupt"


class UnsupportedImageFormat(errors.Unprocessable):
    code = "unsupported-image-format"
    title = "This output format is not supported"


class InvalidImageOptions(errors.Unprocessable):
    code = "invalid-image-options"
    title = "The image processing options are not valid"


class OutputTooLarge(errors.Unprocessable):
    """The requested output would have more pixels than :data:`DEFAULT_MAX_OUTPUT_PIXELS` (refused before any
    work), or a size search would encode a larger image than :data:`MAX_SEARCH_PIXELS`."""

    code = "image-output-too-large"
    title = "The output image would be too large"


class TargetSizeUnreachable(errors.Unprocessable):
    code = "target-size-unreachable"
    title = "The image cannot be compressed to the requested size"


# ------------------------------------------------------------------ limits and constants

DEFAULT_MAX_PIXELS: Final = 50_000_000
"""Input limit: 50 megapixels (a 8660x5773 photo); a decoded RGBA image of this size is ~200 MB."""
DEFAULT_MAX_INPUT_BYTES: Final = 50 * 1024 * 1024
DEFAULT_MAX_OUTPUT_EDGE: Final = image_limits.MAX_OUTPUT_EDGE
DEFAULT_MAX_OUTPUT_PIXELS: Final = image_limits.MAX_OUTPUT_PIXELS
MAX_SEARCH_PIXELS: Final = image_limits.MAX_SEARCH_PIXELS
MIN_QUALITY: Final = 10
MAX_QUALITY: Final = 95
MAX_SEARCH_STEPS: Final = 8
"""Binary search over qualities 10..95 needs at most ceil(log2(86)) = 7 encodes; 8 is a hard bound."""

DEFAULT_QUALITY: Final[dict[str, int]] = {"JPEG": 85, "WEBP": 80, "AVIF": 60}
ResizeMode = Literal["fit", "fill", "cover"]
OutputFormat = Literal["jpeg", "png", "webp", "avif"]
ColorMode = Literal["keep", "srgb"]
Background = str | tuple[int, int, int] | tuple[int, int, int, int]

DECODABLE_FORMATS: Final = ("JPEG", "PNG", "WEBP", "GIF", "AVIF")  # the JPEG opener also yields MPO
CONTENT_TYPES: Final[dict[str, str]] = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
    "GIF": "image/gif",
}
_ALPHA_FORMATS: Final = frozenset({"PNG", "WEBP", "AVIF"})
_FORMAT_ALIASES: Final[dict[str, str]] = {
    "jpeg": "JPEG",
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "avif": "AVIF",
}


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    data: bytes
    content_type: str
    width: int
    height: int
    format: str
    """Lower-case short name: ``jpeg``, ``png``, ``webp`` or ``avif``."""
    size_bytes: int


# ------------------------------------------------------------------ opening


def supported_output_formats() -> tuple[str, ...]:
    """Output formats the installed Pillow can write (``avif`` only when its plugin is present)."""
    names = ["jpeg", "png", "webp"]
    if features.check("avif") and "AVIF" in Image.SAVE:
        names.append("avif")
    return tuple(names)


def _check_bytes(data: bytes, max_input_bytes: int) -> None:
    if not data:
        raise NotAnImage("The image is empty")
    if len(data) > max_input_bytes:
        raise ImageTooLarge(
            f"The image is {len(data)} bytes; at most {max_input_bytes} are accepted",
            size_bytes=len(data),
            max_bytes=max_input_bytes,
        )


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width <= 0 or height <= 0:
        raise CorruptImage("The image header declares an empty size")
    if width * height > max_pixels:
        raise TooManyPixels(
            f"The image is {width}x{height} ({width * height} pixels); at most {max_pixels} pixels are accepted",
            width=width,
            height=height,
            max_pixels=max_pixels,
        )


def check_output(width: int, height: int, max_output_pixels: int = DEFAULT_MAX_OUTPUT_PIXELS) -> None:
    """422 :class:`OutputTooLarge` when a ``width`` x ``height`` output is over ``max_output_pixels``."""
    if width * height > max_output_pixels:
        raise OutputTooLarge(
            f"The output would be {width}x{height} ({width * height} pixels); at most {max_output_pixels} pixels "
            "are produced",
            width=width,
            height=height,
            max_output_pixels=max_output_pixels,
        )


def _open_lazy(data: bytes, *, max_pixels: int, max_input_bytes: int) -> ImageFile.ImageFile:
    """Parse the header only (no pixel decoding) and enforce byte and pixel limits."""
    _check_bytes(data, max_input_bytes)
    try:
        im = Image.open(io.BytesIO(data), formats=DECODABLE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses > 2 * MAX_IMAGE_PIXELS on its own (or warns, if warnings are errors).
        raise TooManyPixels(f"The image has too many pixels: {exc}", max_pixels=max_pixels) from exc
    except UnidentifiedImageError as exc:
        kind = sniff(data)
        detail = (
            f"Images of type {kind} are not supported; send JPEG, PNG, WebP, GIF or AVIF"
            if kind
            else "The data is not a JPEG, PNG, WebP, GIF or AVIF image"
        )
        raise NotAnImage(detail, detected=kind) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise CorruptImage(f"The image header cannot be read: {exc}") from exc
    if not isinstance(im, ImageFile.ImageFile):  # pragma: no cover - Image.open always returns one
        raise NotAnImage()
    _check_pixels(im.width, im.height, max_pixels)
    return im


def _exif_orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not fail the whole image
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _decode(im: ImageFile.ImageFile, *, draft_box: tuple[int, int] | None = None) -> Image.Image:
    """Decode pixels (JPEG: at a reduced DCT scale no smaller than ``draft_box``), apply EXIF orientation."""
    orientation = _exif_orientation(im)
    if draft_box is not None and im.format in ("JPEG", "MPO"):
        box = (draft_box[1], draft_box[0]) if orientation in (5, 6, 7, 8) else draft_box
        if box[0] < im.width and box[1] < im.height:
            im.draft("RGB" if im.mode == "RGB" else None, box)
    try:
        im.load()
        upright = ImageOps.exif_transpose(im) if orientation != 1 else im
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooManyPixels(f"The image has too many pixels: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError) as exc:
        raise CorruptImage(f"The image data is truncated or corrupt: {exc}") from exc
    if upright is None:  # pragma: no cover - only with in_place=True
        return im
    # Keep the ICC profile (needed for colour), drop everything else when writing.
    return upright


def open_image(
    data: bytes,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> Image.Image:
    """Safely decode ``data`` into an upright, fully loaded Pillow image (first frame only).

    Raises :class:`ImageTooLarge` / :class:`TooManyPixels` (413), :class:`NotAnImage` or
    :class:`CorruptImage` (422). The size is checked from the header before any pixel is decoded.
    """
    return _decode(_open_lazy(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes))


# ------------------------------------------------------------------ colour


def _icc_color_space(icc: bytes) -> str | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError):
        return None
    space = getattr(profile.profile, "xcolor_space", None)
    return space.strip() if isinstance(space, str) else None


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None, out_mode: str) -> Image.Image:
    """Transform ``im`` to sRGB in ``out_mode`` (RGB or RGBA) through its ICC profile if it has a usable one."""
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            in_mode = im.mode
            if in_mode in ("RGBA", "LA") and out_mode == "RGBA":
                alpha = im.getchannel("A")
                base = im.convert("RGB" if in_mode == "RGBA" else "L")
                converted = ImageCms.profileToProfile(base, src, _srgb_profile(), outputMode="RGB")
                if converted is not None:
                    converted.putalpha(alpha)
                    return converted
            elif in_mode in ("RGB", "L", "CMYK", "LAB"):
                converted = ImageCms.profileToProfile(im, src, _srgb_profile(), outputMode=out_mode)
                if converted is not None:
                    return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: fall back to a plain conversion below
    return im.convert(out_mode)


def _normalise(im: Image.Image, color: ColorMode) -> tuple[Image.Image, bytes | None]:
    """8-bit L/LA/RGB/RGBA pixels plus the ICC profile to embed (``None`` = untagged sRGB)."""
    icc = im.info.get("icc_profile") or None
    if not isinstance(icc, bytes):
        icc = None
    mode = im.mode
    if mode == "P":
        has_alpha = "transparency" in im.info or (im.palette is not None and im.palette.mode == "RGBA")
        im = im.convert("RGBA" if has_alpha else "RGB")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        icc = None
    elif mode == "F":
        im = im.convert("L")
        icc = None
    elif mode == "RGBa":
        im = im.convert("RGBA")
    mode = im.mode
    if mode not in ("L", "LA", "RGB", "RGBA"):  # CMYK, YCbCr, LAB, HSV...
        return _to_srgb(im, icc, "RGB"), None
    if color == "srgb" and icc is not None:
        out_mode = "RGBA" if mode in ("RGBA", "LA") else ("RGB" if mode == "RGB" else "L")
        if out_mode == "L":  # grey profile -> sRGB grey is an RGB image; keep it grey as untagged L
            return _to_srgb(im, icc, "RGB").convert("L"), None
        return _to_srgb(im, icc, out_mode), None
    return im, icc


def to_rgb(im: Image.Image, *, color: ColorMode = "keep") -> tuple[Image.Image, bytes | None]:
    """8-bit RGB pixels of a decoded image (RGBA when it has an alpha channel or a transparent palette
    colour), plus the ICC profile to embed when they are written (``None`` means untagged sRGB).

    ``color`` as for :func:`resize`; CMYK, LAB, 16-bit and grey images become sRGB/8-bit RGB."""
    im, icc = _normalise(im, color)
    return _as_mode(im, "RGBA" if im.mode in ("RGBA", "LA") else "RGB", icc)


def _as_mode(im: Image.Image, mode: str, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """Change between grey and colour modes without leaving a grey ICC profile on RGB pixels."""
    if im.mode == mode:
        return im, icc
    grey_to_colour = im.mode in ("L", "LA") and mode in ("RGB", "RGBA")
    if grey_to_colour and icc is not None and _icc_color_space(icc) == "GRAY":
        return _to_srgb(im, icc, mode), None
    return im.convert(mode), icc


# ------------------------------------------------------------------ encoding


def output_format(fmt: str) -> str:
    """Pillow's name (``JPEG``, ``PNG``, ``WEBP``, ``AVIF``) of an output format given by its short name
    (``jpeg``/``jpg``, ``png``, ``webp``, ``avif``, any case), or 422 :class:`UnsupportedImageFormat`
    naming the formats this Pillow can write."""
    name = _FORMAT_ALIASES.get(fmt.lower().strip())
    supported = supported_output_formats()
    if name is None or name.lower() not in supported:
        raise UnsupportedImageFormat(
            f"Output format {fmt!r} is not supported; use one of: {', '.join(supported)}",
            supported=list(supported),
        )
    return name


def default_output_format(source_format: str | None) -> str:
    """The output format for a source in Pillow format ``source_format``: the same one, except that GIF
    (palette, 256 colours) becomes PNG, MPO is JPEG and AVIF is PNG when this Pillow cannot write AVIF."""
    if source_format in ("JPEG", "MPO"):
        return "JPEG"
    if source_format in ("WEBP", "PNG"):
        return source_format
    if source_format == "AVIF" and "avif" in supported_output_formats():
        return "AVIF"
    return "PNG"


def _has_alpha(im: Image.Image) -> bool:
    if im.mode not in ("RGBA", "LA"):
        return False
    low, _high = cast(tuple[int, int], im.getchannel("A").getextrema())
    return low < 255


def _parse_colour(background: Background) -> tuple[int, int, int, int]:
    if isinstance(background, str):
        try:
            rgba = ImageColor.getcolor(background, "RGBA")
        except ValueError as exc:
            raise InvalidImageOptions(f"Unknown background colour {background!r}") from exc
        return cast(tuple[int, int, int, int], rgba)
    if len(background) not in (3, 4) or not all(isinstance(c, int) and 0 <= c <= 255 for c in background):
        raise InvalidImageOptions("The background colour must be 3 or 4 integers in 0..255")
    return (background[0], background[1], background[2], background[3] if len(background) == 4 else 255)


def _prepare_for(
    im: Image.Image, icc: bytes | None, fmt: str, background: tuple[int, int, int, int]
) -> tuple[Image.Image, bytes | None]:
    """Make the pixels writable in ``fmt``; transparency is flattened on ``background`` for JPEG."""
    if fmt == "JPEG":
        if im.mode in ("RGBA", "LA"):
            if not _has_alpha(im):
                return _as_mode(im, "RGB" if im.mode == "RGBA" else "L", icc)
            colour, icc = _as_mode(im, "RGBA", icc)
            canvas = Image.new("RGBA", im.size, (*background[:3], 255))
            canvas.alpha_composite(colour)
            return canvas.convert("RGB"), icc
        return im, icc
    if im.mode in ("RGBA", "LA") and not _has_alpha(im):
        return _as_mode(im, "RGB" if im.mode == "RGBA" else "L", icc)
    if fmt in ("WEBP", "AVIF") and im.mode in ("L", "LA"):
        return _as_mode(im, "RGB" if im.mode == "L" else "RGBA", icc)
    return im, icc


def _encode(
    im: Image.Image,
    icc: bytes | None,
    fmt: str,
    quality: int | None,
    *,
    optimize: bool = False,
    png_level: int | None = None,
) -> bytes:
    params: dict[str, object] = {}
    if icc:
        params["icc_profile"] = icc
    if fmt == "JPEG":
        params.update(quality=quality or DEFAULT_QUALITY["JPEG"], optimize=True, progressive=True)
    elif fmt == "WEBP":
        params.update(quality=quality or DEFAULT_QUALITY["WEBP"], method=6 if optimize else 4)
    elif fmt == "AVIF":
        params.update(quality=quality or DEFAULT_QUALITY["AVIF"], speed=4 if optimize else 6)
    elif fmt == "PNG" and optimize:
        params.update(optimize=True)
    elif fmt == "PNG":
        params.update(compress_level=6 if png_level is None else png_level)
    # Nothing from the source survives except what is passed explicitly: no EXIF/XMP/comments/text chunks.
    im.info = {}
    buf = io.BytesIO()
    try:
        im.save(buf, format=fmt, **params)
    except (OSError, ValueError, KeyError) as exc:
        raise UnsupportedImageFormat(f"Cannot encode a {im.mode} image as {fmt.lower()}: {exc}") from exc
    return buf.getvalue()


def _result(data: bytes, im: Image.Image, fmt: str) -> ProcessedImage:
    return ProcessedImage(
        data=data,
        content_type=CONTENT_TYPES[fmt],
        width=im.width,
        height=im.height,
        format=fmt.lower(),
        size_bytes=len(data),
    )


def encode(
    im: Image.Image,
    format: str,
    *,
    quality: int | None = None,
    icc_profile: bytes | None = None,
    background: Background = "#ffffff",
    optimize: bool = False,
    png_level: int | None = None,
) -> ProcessedImage:
    """Write ``im`` as ``format``: the one place where every File and Media service output is encoded.

    * ``format`` — ``jpeg``/``jpg``, ``png``, ``webp``, ``avif`` (any case; Pillow's names work too), else
      422 :class:`UnsupportedImageFormat`; ``quality`` 1..100 (JPEG/WebP/AVIF; default per format in
      :data:`DEFAULT_QUALITY`; PNG is lossless and ignores it), else 422 :class:`InvalidImageOptions`.
    * Pixels in modes other than L/LA/RGB/RGBA are normalised as decoded inputs are (palette, 16-bit,
      CMYK ... to 8-bit sRGB through the image's own ICC profile, which then replaces ``icc_profile``).
    * Transparency is flattened onto ``background`` for JPEG; an alpha channel that is fully opaque is
      dropped (so an opaque RGBA image is written as RGB). Pixels already in a writable mode pass unchanged.
    * No metadata is written except ``icc_profile`` (no EXIF, XMP, comments or text chunks); ``im.info`` is
      cleared. ``optimize`` spends more CPU for smaller files (PNG optimize, slower WebP/AVIF effort);
      ``png_level`` (zlib 0..9, default 6) trades PNG size for speed when ``optimize`` is off: level 1 writes
      a noisy 12-megapixel RGBA photo about 6x faster than 6, some 7 % larger.
    """
    fmt = output_format(format)
    check_quality(quality)
    if png_level is not None and not (0 <= png_level <= 9):
        raise InvalidImageOptions("png_level must be between 0 and 9")
    bg = _parse_colour(background)
    if im.mode not in ("L", "LA", "RGB", "RGBA"):
        im, icc_profile = _normalise(im, "keep")
    im, icc_profile = _prepare_for(im, icc_profile, fmt, bg)
    return _result(_encode(im, icc_profile, fmt, quality, optimize=optimize, png_level=png_level), im, fmt)


def check_quality(quality: int | None) -> None:
    """422 :class:`InvalidImageOptions` unless ``quality`` is ``None`` or 1..100."""
    if quality is not None and not (1 <= quality <= 100):
        raise InvalidImageOptions("quality must be between 1 and 100")


# ------------------------------------------------------------------ resize


def _plan(
    src: tuple[int, int],
    width: int | None,
    height: int | None,
    mode: ResizeMode,
    allow_upscale: bool,
) -> tuple[tuple[int, int], tuple[int, int]]:
    """(scaled content size, canvas size) for an upright source of size ``src``."""
    sw, sh = src
    if mode == "fit":
        scales = [s for s in ((width / sw) if width else None, (height / sh) if height else None) if s is not None]
        scale = min(scales)
        if not allow_upscale:
            scale = min(scale, 1.0)
        size = (max(1, round(sw * scale)), max(1, round(sh * scale)))
        if width and size[0] > width:
            size = (width, size[1])
        if height and size[1] > height:
            size = (size[0], height)
        return size, size
    if width is None or height is None:
        raise InvalidImageOptions(f"mode {mode!r} needs both width and height")
    if mode == "cover":
        scale = max(width / sw, height / sh)
        content = (max(width, round(sw * scale)), max(height, round(sh * scale)))
        return content, (width, height)
    # fill: the whole picture inside the box, centred, the rest is background
    scale = min(width / sw, height / sh)
    if not allow_upscale:
        scale = min(scale, 1.0)
    content = (min(width, max(1, round(sw * scale))), min(height, max(1, round(sh * scale))))
    return content, (width, height)


def resize(
    data: bytes,
    *,
    width: int | None = None,
    height: int | None = None,
    mode: ResizeMode = "fit",
    format: str | None = None,
    quality: int | None = None,
    background: Background = "#ffffff",
    allow_upscale: bool = False,
    color: ColorMode = "keep",
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    max_output_edge: int = DEFAULT_MAX_OUTPUT_EDGE,
    max_output_pixels: int = DEFAULT_MAX_OUTPUT_PIXELS,
) -> ProcessedImage:
    """Resize an image (sizes are in the upright, EXIF-rotated orientation).

    Modes:

    * ``fit`` — scale to fit inside ``width`` x ``height`` keeping the aspect ratio; either side may be
      omitted. The output is at most the box (one side equal to it) and is *not* enlarged unless
      ``allow_upscale``.
    * ``cover`` — scale to cover the box keeping the aspect ratio (enlarging if needed) and crop the
      centre: the output is exactly ``width`` x ``height``.
    * ``fill`` — exactly ``width`` x ``height``: the whole picture scaled as in ``fit`` (no enlarging
      unless ``allow_upscale``) and centred on a ``background`` canvas (default white; an RGBA colour
      with alpha 0 gives transparent padding in PNG/WebP/AVIF; JPEG always gets an opaque colour).

    ``format`` defaults to the source format (GIF -> PNG). Downscaled JPEGs are decoded at a reduced DCT
    scale (``draft``) and then resampled with LANCZOS. The work is bounded by the output: an output over
    ``max_output_pixels`` is 422 :class:`OutputTooLarge` before decoding, and ``cover`` resamples only the
    part of the source it keeps (never the whole picture scaled up).
    """
    if mode not in ("fit", "fill", "cover"):
        raise InvalidImageOptions(f"mode must be fit, fill or cover, not {mode!r}")
    if width is None and height is None:
        raise InvalidImageOptions("width or height is required")
    if mode != "fit" and (width is None or height is None):
        raise InvalidImageOptions(f"mode {mode!r} needs both width and height")
    for name, value in (("width", width), ("height", height)):
        if value is not None and not (1 <= value <= max_output_edge):
            raise InvalidImageOptions(f"{name} must be between 1 and {max_output_edge}")
    check_quality(quality)
    out_format = output_format(format) if format else None
    bg = _parse_colour(background)

    lazy = _open_lazy(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    rotated = _exif_orientation(lazy) in (5, 6, 7, 8)
    upright_size = (lazy.height, lazy.width) if rotated else lazy.size
    content, canvas = _plan(upright_size, width, height, mode, allow_upscale)
    check_output(*canvas, max_output_pixels)
    im = _decode(lazy, draft_box=content)
    fmt = out_format or default_output_format(lazy.format)
    im, icc = _normalise(im, color)

    if mode == "cover":
        im = _cover(im, canvas)
    elif im.size != content:
        im = im.resize(content, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if mode == "fill" and content != canvas:
        transparent_pad = bg[3] < 255 and fmt in _ALPHA_FORMATS
        pad_mode = "RGBA" if transparent_pad or im.mode in ("RGBA", "LA") else "RGB"
        im, icc = _as_mode(im, pad_mode, icc)
        fill = bg if pad_mode == "RGBA" else bg[:3]
        base = Image.new(pad_mode, canvas, fill)
        offset = ((canvas[0] - content[0]) // 2, (canvas[1] - content[1]) // 2)
        if pad_mode == "RGBA":
            base.alpha_composite(im, offset)
        else:
            base.paste(im, offset)
        im = base
    return encode(im, fmt, quality=quality, icc_profile=icc, background=bg)


def _cover(im: Image.Image, canvas: tuple[int, int]) -> Image.Image:
    """The centre of ``im`` of ``canvas``'s aspect, resampled to ``canvas`` (only that region is read)."""
    scale = max(canvas[0] / im.width, canvas[1] / im.height)
    kept = (canvas[0] / scale, canvas[1] / scale)
    left, top = (im.width - kept[0]) / 2, (im.height - kept[1]) / 2
    if im.size == canvas:
        return im
    return im.resize(canvas, Image.Resampling.LANCZOS, box=(left, top, left + kept[0], top + kept[1]))


# ------------------------------------------------------------------ compress / convert


def compress(
    data: bytes,
    *,
    quality: int | None = None,
    target_bytes: int | None = None,
    format: str | None = None,
    color: ColorMode = "keep",
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    max_output_pixels: int = DEFAULT_MAX_OUTPUT_PIXELS,
) -> ProcessedImage:
    """Re-encode without resizing, stripping metadata.

    * ``quality`` — encode at this quality (JPEG/WebP/AVIF; ignored for lossless PNG, which is optimised).
    * ``target_bytes`` — binary-search the highest quality in ``MIN_QUALITY..quality or MAX_QUALITY``
      whose output fits (at most :data:`MAX_SEARCH_STEPS` encodes). If even ``MIN_QUALITY`` does not fit,
      or the format is lossless PNG and the output is larger, :class:`TargetSizeUnreachable` (422) tells
      the smallest size reached. Resize first (or pick WebP/AVIF) to go lower.
    * ``format`` — defaults to the source format (GIF -> PNG).

    The result can be larger than the input when the input was already strongly compressed. The output has
    the input's size: over ``max_output_pixels`` is 422 :class:`OutputTooLarge`, and so is a ``target_bytes``
    search of an image over :data:`MAX_SEARCH_PIXELS` (both before decoding).
    """
    check_quality(quality)
    if target_bytes is not None and target_bytes <= 0:
        raise InvalidImageOptions("target_bytes must be positive")
    out_format = output_format(format) if format else None
    lazy = _open_lazy(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    check_output(*lazy.size, max_output_pixels if target_bytes is None else min(max_output_pixels, MAX_SEARCH_PIXELS))
    im = _decode(lazy)
    fmt = out_format or default_output_format(lazy.format)
    im, icc = _normalise(im, color)
    im, icc = _prepare_for(im, icc, fmt, (255, 255, 255, 255))

    def encode_at(q: int | None) -> ProcessedImage:
        return encode(im, fmt, quality=q, icc_profile=icc, optimize=True)

    if target_bytes is None:
        return encode_at(quality)
    if fmt == "PNG":
        out = encode_at(None)
        if out.size_bytes > target_bytes:
            raise TargetSizeUnreachable(
                f"Lossless PNG needs {out.size_bytes} bytes (> {target_bytes}); resize it or use webp/jpeg/avif",
                smallest_bytes=out.size_bytes,
                target_bytes=target_bytes,
            )
        return out
    return _search_quality(encode_at, MIN_QUALITY, quality or MAX_QUALITY, target_bytes)


def _search_quality(
    encode: Callable[[int], ProcessedImage], low: int, high: int, target: int
) -> ProcessedImage:
    """Highest quality in ``low..high`` whose encoding is <= ``target`` bytes (size is ~monotonic in quality).

    Plain binary search, bounded by :data:`MAX_SEARCH_STEPS` encodes (enough for the whole 1..100 range).
    """
    low = min(low, high)
    best: ProcessedImage | None = None
    smallest: int | None = None
    steps = 0
    while low <= high and steps < MAX_SEARCH_STEPS:
        steps += 1
        mid = (low + high) // 2
        out = encode(mid)
        smallest = out.size_bytes if smallest is None else min(smallest, out.size_bytes)
        if out.size_bytes <= target:
            best = out
            low = mid + 1
        else:
            high = mid - 1
    if best is None:
        raise TargetSizeUnreachable(
            f"The smallest encoding is {smallest} bytes, above the target of {target}; resize the image first",
            smallest_bytes=smallest,
            target_bytes=target,
        )
    return best


def convert(
    data: bytes,
    *,
    format: str,
    quality: int | None = None,
    background: Background = "#ffffff",
    color: ColorMode = "keep",
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    max_output_pixels: int = DEFAULT_MAX_OUTPUT_PIXELS,
) -> ProcessedImage:
    """Convert to ``jpeg``, ``png``, ``webp`` or ``avif`` (only if this Pillow can write AVIF, else 422
    :class:`UnsupportedImageFormat` naming the supported formats). Transparency becomes ``background``
    (white by default) in JPEG. An image over ``max_output_pixels`` is 422 :class:`OutputTooLarge` before
    decoding."""
    check_quality(quality)
    fmt = output_format(format)
    bg = _parse_colour(background)
    lazy = _open_lazy(data, max_pixels=max_pixels, max_input_bytes=max_input_bytes)
    check_output(*lazy.size, max_output_pixels)
    im = _decode(lazy)
    im, icc = _normalise(im, color)
    return encode(im, fmt, quality=quality, icc_profile=icc, background=bg)
