"""Which content types each kind of file may have, and how declared types are normalised."""

from __future__ import annotations

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


def normalise(content_type: str) -> str:
    base = content_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def require_allowed(kind: str, content_type: str) -> str:
    ct = normalise(content_type)
    if ct not in ALLOWED[kind]:
        raise errors.UnsupportedContentType(f"A {kind} file cannot be {ct}", allowed=sorted(ALLOWED[kind]))
    return ct
