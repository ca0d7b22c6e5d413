"""Which content types each kind of file may have, and how declared types are normalised."""

from __future__ import annotations

from urllib.parse import quote

from design_agent import errors

IMAGES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})
FONTS = frozenset({"font/ttf", "font/otf", "font/woff", "font/woff2"})
SVG = "image/svg+xml"
PDF = "application/pdf"

ALLOWED: dict[str, frozenset[str]] = {
    "image": IMAGES,
    "preview": IMAGES,
    "export": IMAGES | {PDF},
    "font": FONTS,
    "asset": IMAGES | {SVG},
    "other": IMAGES | FONTS | {SVG, PDF},
}

_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-font-ttf": "font/ttf",
            "application/font-sfnt": "font/ttf", "application/x-font-otf": "font/otf",
            "application/font-woff": "font/woff", "application/font-woff2": "font/woff2"}


# what a browser may show in place: raster images, which it only ever draws. Everything else a user stored (SVG,
# which can carry scripts; PDF; fonts) is served as an attachment — a browser saves it instead of rendering it in
# the files' origin — with its true type (checked by magic bytes at confirmation) and ``nosniff`` where the
# response headers can be set (the CDN's response headers policy; docs/decisions.md)
INLINE = IMAGES


def disposition(content_type: str, filename: str) -> str:
    """The ``Content-Disposition`` a stored file is served with (object metadata and presigned URL overrides)."""
    kind = "inline" if normalise(content_type) in INLINE else "attachment"
    return f"{kind}; filename*=UTF-8''{quote(filename)}"


def normalise(content_type: str) -> str:
    base = content_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def require_allowed(kind: str, content_type: str) -> str:
    ct = normalise(content_type)
    if ct not in ALLOWED[kind]:
        raise errors.UnsupportedContentType(f"A {kind} file cannot be {ct}", allowed=sorted(ALLOWED[kind]))
    return ct
