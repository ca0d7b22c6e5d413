"""Posters as versioned documents: creation, reads with ETags, and every edit as one versioned change."""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from design_agent import errors
from design_agent.contracts.designs import (
    Element,
    ElementBody,
    ImportedPoster,
    ImportPosterRequest,
    Layer,
    Poster,
    PosterContent,
    PosterDocument,
    task_poster_id,
)
from design_agent.contracts.storage import StoreFileRequest
from design_agent.ids import new_id
from design_agent.sniffing import sniff

from functions.designs.dal.documents import (
    MAX_TRANSACTION,
    Change,
    Parts,
    VersionConflict,
    content_bytes,
    element_item,
    element_key,
    layer_item,
    layer_key,
    with_counts,
)
from functions.designs.deps import DesignsDeps
from functions.designs.logic import references
from functions.designs.models.api import (
    CreateLayerRequest,
    CreatePosterRequest,
    LayerOrderRequest,
    NewElement,
    UpdateElementRequest,
    UpdateLayerRequest,
    UpdatePosterRequest,
)


# --- versions and ETags -------------------------------------------------------------------
def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(header: str | None) -> int | None:
    """``If-Match: "7"`` -> 7; absent or ``*`` -> None (no precondition)."""
    if header is None or header.strip() == "*":
        return None
    value = header.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()) or len(value) > 18:  # our ETags are versions, never that long
        raise errors.PreconditionFailed("If-Match must be an ETag this API returned")
    return int(value)


def not_modified(header: str | None, version: int) -> bool:
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag(version) in tags


# --- limits -------------------------------------------------------------------------------
def _limit(name: str, value: int, maximum: int) -> None:
    if value > maximum:
        what = "bytes of layers and elements (as JSON)" if name == "max_document_bytes" else name.split("_", 1)[1]
        raise errors.Unprocessable(f"A poster may have at most {maximum} {what}", limit=name, max=maximum,
                                   requested=value)


def check_limits(document: PosterDocument, deps: DesignsDeps) -> None:
    """Count the new document's layers, elements and bytes onto its poster, and hold them to the limits."""
    document.poster = with_counts(document)
    _limit("max_layers", document.poster.layer_count, deps.settings.max_layers)
    _limit("max_elements", document.poster.element_count, deps.settings.max_elements)
    _limit("max_document_bytes", document.poster.content_bytes, deps.settings.max_document_bytes)


def _resized(poster: Poster, added: int, removed: int, deps: DesignsDeps) -> dict[str, int]:
    """``META``'s new ``content_bytes`` after an edit adds and removes that much; 422 past the limit (a document
    may always shrink)."""
    size = max(0, poster.content_bytes + added - removed)
    if added > removed:
        _limit("max_document_bytes", size, deps.settings.max_document_bytes)
    return {"content_bytes": size}


# --- reads --------------------------------------------------------------------------------
def visible(owner_id: str, poster_id: str, deps: DesignsDeps) -> PosterDocument:
    document = deps.documents.get(poster_id)
    if document is None or document.poster.owner_id != owner_id:
        raise errors.NotFound("No such poster")
    return document


# --- creation -----------------------------------------------------------------------------
def build_document(owner_id: str, request: PosterContent, deps: DesignsDeps, *,
                   template_id: str | None = None, task_id: str | None = None,
                   poster_id: str | None = None) -> PosterDocument:
    now = deps.clock()
    poster = Poster(poster_id=poster_id or new_id("poster"), owner_id=owner_id, title=request.title,
                    width=request.width, height=request.height, background=request.background, version=1,
                    template_id=template_id, task_id=task_id, created_at=now, updated_at=now)
    layers, elements = [], []
    for order, new_layer in enumerate(request.layers):
        layer = Layer(layer_id=new_id("layer"), name=new_layer.name, order=order, visible=new_layer.visible,
                      locked=new_layer.locked, opacity=new_layer.opacity)
        layers.append(layer)
        elements += [Element(element_id=new_id("element"), layer_id=layer.layer_id, z=z, body=body)
                     for z, body in enumerate(new_layer.elements)]
    return PosterDocument(poster=poster, layers=layers, elements=elements)


def create(owner_id: str, request: CreatePosterRequest, deps: DesignsDeps) -> PosterDocument:
    document = build_document(owner_id, request, deps)
    check_limits(document, deps)
    references.check(owner_id, references.content_refs(request, "body."), deps)
    if request.preview_base64:
        document.poster.preview_file_id = _store_preview(owner_id, document.poster.poster_id,
                                                         request.preview_base64, deps)
    deps.documents.create(document)
    return document


def import_poster(request: ImportPosterRequest, deps: DesignsDeps) -> ImportedPoster:
    """A generated poster, once per task attempt: a repeated import returns the poster made the first time."""
    poster_id = task_poster_id(request.task_id, request.attempt)
    existing = deps.documents.get_meta(poster_id)
    if existing is not None:
        return ImportedPoster(poster_id=poster_id, version=existing.version, created=False)
    document = build_document(request.owner_id, request, deps, template_id=request.template_id,
                              task_id=request.task_id, poster_id=poster_id)
    document.poster.preview_file_id = request.preview_file_id
    check_limits(document, deps)
    # what a worker drew for the task's owner refers only to the owner's files and usable fonts
    references.check(request.owner_id, references.content_refs(request, "body.") +
                     references.image_ref("body.preview_file_id", request.preview_file_id), deps)
    deps.documents.create(document)
    return ImportedPoster(poster_id=poster_id, version=document.poster.version, created=True)


def _store_preview(owner_id: str, poster_id: str, data_base64: str, deps: DesignsDeps) -> str:
    try:
        head = base64.b64decode(data_base64[:64] + "=" * (-len(data_base64[:64]) % 4))
    except ValueError as exc:
        raise errors.BadRequest("preview_base64 is not valid base64") from exc
    content_type = sniff(head) or "application/octet-stream"
    stored = deps.storage.store_file(StoreFileRequest(
        user_id=owner_id, kind="preview", filename=f"poster_{poster_id}_preview.{content_type.rsplit('/', 1)[-1]}",
        content_type=content_type, data_base64=data_base64, idempotency_key=f"preview{poster_id[4:]}"))
    return stored.file_id


# --- edits: each reads only what it checks, then commits one Change with a version bump -----
MAX_EDIT_ATTEMPTS = 8
RETRY_BASE_S, RETRY_CAP_S = 0.01, 0.2  # full-jitter backoff between attempts that lost a race
T = TypeVar("T")


@dataclass(frozen=True)
class Edit:
    """Who edits which poster, and the version they read (``If-Match``; None: whatever is current)."""

    owner_id: str
    poster_id: str
    if_match: int | None = None


def _stale(poster: Poster, if_match: int) -> errors.PreconditionFailed:
    return errors.PreconditionFailed(f"The poster is at version {poster.version}, not {if_match}",
                                     current_version=poster.version, etag=etag(poster.version))


def _edit(edit: Edit, deps: DesignsDeps, read: Callable[[], Parts], build: Callable[[Parts, Poster], tuple[Change, T]]
          ) -> tuple[T, int]:
    """Read, check, build the change, commit it on the version read. A change that lost a race is refused with
    412 when the caller named a version, and otherwise built again on what is current now (after a short random
    pause, so racing writers spread out)."""
    for attempt in range(MAX_EDIT_ATTEMPTS):
        if attempt:
            time.sleep(random.uniform(0, min(RETRY_CAP_S, RETRY_BASE_S * 2 ** attempt)))  # noqa: S311
        parts = read()
        poster = parts.poster
        if poster is None or poster.owner_id != edit.owner_id:
            raise errors.NotFound("No such poster")
        if edit.if_match is not None and poster.version != edit.if_match:
            raise _stale(poster, edit.if_match)
        change, result = build(parts, poster)
        try:
            return result, deps.documents.commit(poster, change, deps.clock())
        except VersionConflict:
            if edit.if_match is not None:
                current = deps.documents.get_meta(edit.poster_id)
                if current is None or current.owner_id != edit.owner_id:
                    raise errors.NotFound("No such poster") from None
                raise _stale(current, edit.if_match) from None
    raise errors.Conflict("The poster is changing too fast to apply this edit; try again")


def _head(edit: Edit, deps: DesignsDeps, layers: Iterable[str] = (), elements: Iterable[str] = ()
          ) -> Callable[[], Parts]:
    return lambda: deps.documents.parts(edit.poster_id, layers, elements)


def _with_every_layer(edit: Edit, deps: DesignsDeps) -> Callable[[], Parts]:
    """``META`` and every layer (at most ``DESIGN_MAX_LAYERS``), for edits that renumber layers."""
    def read() -> Parts:
        parts = deps.documents.parts(edit.poster_id)
        if parts.poster is not None and parts.poster.owner_id == edit.owner_id:
            parts.layers = {layer.layer_id: layer for layer in deps.documents.layers(edit.poster_id)}
        return parts

    return read


def _layer(parts: Parts, layer_id: str) -> Layer:
    found = parts.layers.get(layer_id)
    if found is None:
        raise errors.NotFound(f"No layer {layer_id} in this poster")
    return found


def _element(parts: Parts, element_id: str) -> Element:
    found = parts.elements.get(element_id)
    if found is None:
        raise errors.NotFound("No such element in this poster")
    return found


def update_poster(edit: Edit, request: UpdatePosterRequest, deps: DesignsDeps) -> int:
    fields = request.model_dump(mode="json", exclude_none=True)
    if not fields:
        raise errors.Unprocessable("Nothing to update")
    def build(_: Parts, poster: Poster) -> tuple[Change, None]:
        if request.background is not None:
            references.check(edit.owner_id, references.image_ref("body.background.file_id",
                                                                 request.background.file_id),
                             deps, known=references.on_poster(poster))
        return Change(meta=fields), None

    return _edit(edit, deps, _head(edit, deps), build)[1]


def create_layer(edit: Edit, request: CreateLayerRequest, deps: DesignsDeps) -> tuple[Layer, int]:
    def build(_: Parts, poster: Poster) -> tuple[Change, Layer]:
        _limit("max_layers", poster.layer_count + 1, deps.settings.max_layers)
        layer = Layer(layer_id=new_id("layer"), order=poster.layer_count, **request.model_dump())
        meta = {"layer_count": poster.layer_count + 1, **_resized(poster, content_bytes(layer), 0, deps)}
        return Change(puts=[layer_item(poster.poster_id, layer)], meta=meta), layer

    return _edit(edit, deps, _head(edit, deps), build)


def update_layer(edit: Edit, layer_id: str, request: UpdateLayerRequest, deps: DesignsDeps) -> tuple[Layer, int]:
    def build(parts: Parts, poster: Poster) -> tuple[Change, Layer]:
        before = _layer(parts, layer_id)
        layer = before.model_copy(update=request.model_dump(exclude_none=True))
        meta = _resized(poster, content_bytes(layer), content_bytes(before), deps)
        return Change(puts=[layer_item(poster.poster_id, layer)], meta=meta), layer

    return _edit(edit, deps, _head(edit, deps, layers=[layer_id]), build)


def delete_layer(edit: Edit, layer_id: str, deps: DesignsDeps) -> int:
    """The layer and its elements (found through the layer's index entries); the layers above move down one
    place. Elements past one transaction's room are deleted right after it (no longer content by then)."""
    def build(parts: Parts, poster: Poster) -> tuple[Change, None]:
        pid = poster.poster_id
        gone = _layer(parts, layer_id)
        elements = deps.documents.layer_elements(pid, layer_id)
        element_keys = [element_key(pid, e) for e in elements]
        change = Change(deletes=[layer_key(pid, layer_id)],
                        puts=[layer_item(pid, layer.model_copy(update={"order": layer.order - 1}))
                              for layer in parts.layers.values() if layer.order > gone.order],
                        meta={"layer_count": poster.layer_count - 1,
                              "element_count": max(0, poster.element_count - len(element_keys)),
                              **_resized(poster, 0, content_bytes(gone) + sum(elements.values()), deps)})
        room = MAX_TRANSACTION - 1 - len(change.puts) - len(change.deletes)
        change.deletes += element_keys[:room]
        change.leftovers = element_keys[room:]
        return change, None

    return _edit(edit, deps, _with_every_layer(edit, deps), build)[1]


def reorder_layers(edit: Edit, request: LayerOrderRequest, deps: DesignsDeps) -> int:
    def build(parts: Parts, poster: Poster) -> tuple[Change, None]:
        current = parts.layers
        if sorted(request.layer_ids) != sorted(current) or len(set(request.layer_ids)) != len(request.layer_ids):
            raise errors.Unprocessable("layer_ids must list every layer of the poster exactly once",
                                       expected=sorted(current))
        puts = [layer_item(poster.poster_id, current[lid].model_copy(update={"order": order}))
                for order, lid in enumerate(request.layer_ids) if current[lid].order != order]
        return Change(puts=puts), None

    return _edit(edit, deps, _with_every_layer(edit, deps), build)[1]


def create_elements(edit: Edit, new: list[NewElement], deps: DesignsDeps) -> tuple[list[Element], int]:
    _limit("max_elements_per_request", len(new), deps.settings.max_elements_per_request)
    layer_ids = list(dict.fromkeys(item.layer_id for item in new))

    named = [ref for n, item in enumerate(new) for ref in references.body_refs(item.body, f"body.elements.{n}.body.")]

    def build(parts: Parts, poster: Poster) -> tuple[Change, list[Element]]:
        _limit("max_elements", poster.element_count + len(new), deps.settings.max_elements)
        for layer_id in layer_ids:
            _layer(parts, layer_id)
        references.check(edit.owner_id, named, deps, known=references.on_poster(poster))
        top = {layer_id: deps.documents.top_z(poster.poster_id, layer_id) for layer_id in layer_ids}
        created = []
        for item in new:
            top[item.layer_id] += 1
            created.append(Element(element_id=new_id("element"), layer_id=item.layer_id, z=top[item.layer_id],
                                   body=item.body))
        change = Change(puts=[element_item(poster.poster_id, e) for e in created],
                        meta={"element_count": poster.element_count + len(created),
                              **_resized(poster, sum(map(content_bytes, created)), 0, deps)})
        return change, created

    return _edit(edit, deps, _head(edit, deps, layers=layer_ids), build)


def update_element(edit: Edit, element_id: str, request: UpdateElementRequest, deps: DesignsDeps
                   ) -> tuple[Element, int]:
    moving_to = request.layer_id

    def build(parts: Parts, poster: Poster) -> tuple[Change, Element]:
        element = _element(parts, element_id)
        body: ElementBody = element.body
        if request.body is not None:
            if request.body.kind != element.body.kind:
                raise errors.Unprocessable(f"A {element.body.kind} element cannot become a {request.body.kind}")
            known = references.on_poster(poster) | {ref.id for ref in references.body_refs(element.body, "")}
            references.check(edit.owner_id, references.body_refs(request.body, "body.body."), deps, known=known)
            body = request.body
        layer_id, z = element.layer_id, element.z
        if moving_to is not None and moving_to != element.layer_id:
            _layer(parts, moving_to)
            layer_id = moving_to
            z = 1 + deps.documents.top_z(poster.poster_id, layer_id)
        if request.z is not None:
            z = request.z
        updated = Element(element_id=element_id, layer_id=layer_id, z=z, body=body)
        meta = _resized(poster, content_bytes(updated), content_bytes(element), deps)
        return Change(puts=[element_item(poster.poster_id, updated)], meta=meta), updated

    layers = [moving_to] if moving_to else []
    return _edit(edit, deps, _head(edit, deps, layers=layers, elements=[element_id]), build)


def delete_element(edit: Edit, element_id: str, deps: DesignsDeps) -> int:
    def build(parts: Parts, poster: Poster) -> tuple[Change, None]:
        gone = _element(parts, element_id)
        return Change(deletes=[element_key(poster.poster_id, element_id)],
                      meta={"element_count": max(0, poster.element_count - 1),
                            **_resized(poster, 0, content_bytes(gone), deps)}), None

    return _edit(edit, deps, _head(edit, deps, elements=[element_id]), build)[1]


def delete_poster(edit: Edit, deps: DesignsDeps) -> None:
    poster = deps.documents.get_meta(edit.poster_id)
    if poster is None or poster.owner_id != edit.owner_id:
        raise errors.NotFound("No such poster")
    if edit.if_match is not None and poster.version != edit.if_match:
        raise _stale(poster, edit.if_match)
    deps.documents.delete(poster, edit.if_match)
