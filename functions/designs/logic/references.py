"""The files and fonts a poster refers to must be ones its owner may use: their own stored images, their own or
public fonts. Checked server side on every write that brings new ids in (a create, an edit, an import from a
worker, a template's thumbnail), with one batch lookup per kind (Storage's ``ResolveFiles``, Files'
``ResolveFonts``). Another user's id, one that does not exist and one not (or no longer) usable all read the same —
422 ``unknown-reference`` with the field paths — so nothing about other users' files leaks. Ids already in the
document are left alone (a poster made from a public template keeps that template's images)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from design_agent import errors
from design_agent.contracts.designs import (
    ElementBody,
    ImageElement,
    Poster,
    PosterContent,
    PosterDocument,
    TextElement,
)
from design_agent.contracts.files import ResolveFontsRequest

from functions.designs.deps import DesignsDeps

BATCH = 100  # font ids per lookup (the internal operation's limit)


@dataclass(frozen=True)
class Ref:
    path: str  # where the request names it, e.g. ``body.layers.0.elements.2.file_id``
    kind: Literal["image", "font"]
    id: str


def body_refs(body: ElementBody, prefix: str) -> list[Ref]:
    if isinstance(body, ImageElement):
        return [Ref(f"{prefix}file_id", "image", body.file_id)]
    if isinstance(body, TextElement) and body.font_id:
        return [Ref(f"{prefix}font_id", "font", body.font_id)]
    return []


def content_refs(content: PosterContent, prefix: str) -> list[Ref]:
    refs = [Ref(f"{prefix}background.file_id", "image", content.background.file_id)] \
        if content.background.file_id else []
    for i, layer in enumerate(content.layers):
        for j, body in enumerate(layer.elements):
            refs += body_refs(body, f"{prefix}layers.{i}.elements.{j}.")
    return refs


def image_ref(path: str, file_id: str | None) -> list[Ref]:
    return [Ref(path, "image", file_id)] if file_id else []


def on_poster(poster: Poster) -> set[str]:
    """The ids a poster's own record (``META``) refers to already: its background and preview."""
    return {i for i in (poster.background.file_id, poster.preview_file_id) if i}


def in_document(document: PosterDocument) -> set[str]:
    """Every id the stored document refers to already."""
    return on_poster(document.poster) | {ref.id for element in document.elements
                                         for ref in body_refs(element.body, "")}


def check(owner_id: str, refs: Iterable[Ref], deps: DesignsDeps, *, known: set[str] | None = None) -> None:
    """422 ``unknown-reference`` naming every ref ``owner_id`` may not use (``known`` ids are not looked up)."""
    todo = [ref for ref in refs if ref.id not in (known or set())]
    if not todo:
        return
    images = [(ref.path, ref.id) for ref in todo if ref.kind == "image"]
    _, unknown = deps.storage.owned(owner_id, images) if images else ({}, [])
    fonts = _usable_fonts(owner_id, [ref.id for ref in todo if ref.kind == "font"], deps)
    unknown += [{"path": ref.path, "message": f"no font {ref.id} that you may use", "type": "not_found"}
                for ref in todo if ref.kind == "font" and ref.id not in fonts]
    if unknown:
        raise errors.UnknownReference("The request refers to files or fonts you may not use", errors=unknown)


def _usable_fonts(owner_id: str, ids: list[str], deps: DesignsDeps) -> set[str]:
    """The fonts among ``ids`` the owner may use, one ``ResolveFonts`` per 100 ids."""
    unique = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(unique), BATCH):
        request = ResolveFontsRequest(user_id=owner_id, font_ids=unique[start:start + BATCH])
        found |= {f.font_id for f in deps.files.resolve_fonts(request).fonts}
    return found
