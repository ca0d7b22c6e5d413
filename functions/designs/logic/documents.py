"""Posters as versioned documents: creation, reads with ETags, and every edit as one versioned change."""

from __future__ import annotations

import base64

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
)
from design_agent.contracts.storage import StoreFileRequest
from design_agent.ids import derived_id, new_id
from design_agent.images import sniff

from functions.designs.dal.documents import Change, element_item, element_key, layer_item, layer_key
from functions.designs.deps import DesignsDeps
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
        raise errors.Unprocessable(f"A poster may have at most {maximum} {name.split('_', 1)[1]}", limit=name,
                                   max=maximum, requested=value)


def check_limits(document: PosterDocument, deps: DesignsDeps) -> None:
    _limit("max_layers", len(document.layers), deps.settings.max_layers)
    _limit("max_elements", len(document.elements), deps.settings.max_elements)


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
    if request.preview_base64:
        document.poster.preview_file_id = _store_preview(owner_id, document.poster.poster_id,
                                                         request.preview_base64, deps)
    deps.documents.create(document)
    return document


def task_poster_id(task_id: str, attempt: int) -> str:
    """The poster of one task attempt has a fixed id, so a repeated import finds it instead of making another."""
    return derived_id("poster", task_id, attempt)


def import_poster(request: ImportPosterRequest, deps: DesignsDeps) -> ImportedPoster:
    """A generated poster, once per task attempt: a repeated import returns the poster made the first time."""
    poster_id = task_poster_id(request.task_id, request.attempt)
    existing = deps.documents.get(poster_id)
    if existing is not None:
        return ImportedPoster(poster_id=poster_id, version=existing.poster.version, created=False)
    document = build_document(request.owner_id, request, deps, template_id=request.template_id,
                              task_id=request.task_id, poster_id=poster_id)
    document.poster.preview_file_id = request.preview_file_id
    check_limits(document, deps)
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


# --- edits: each is one Change committed with a version bump -------------------------------
def _commit(document: PosterDocument, change: Change, if_match: int | None, deps: DesignsDeps) -> int:
    return deps.documents.commit(document.poster, change, if_match, deps.clock())


def update_poster(document: PosterDocument, request: UpdatePosterRequest, if_match: int | None,
                  deps: DesignsDeps) -> int:
    fields = request.model_dump(mode="json", exclude_none=True)
    if not fields:
        raise errors.Unprocessable("Nothing to update")
    return _commit(document, Change(meta=fields), if_match, deps)


def _layer(document: PosterDocument, layer_id: str) -> Layer:
    found = next((layer for layer in document.layers if layer.layer_id == layer_id), None)
    if found is None:
        raise errors.NotFound("No such layer in this poster")
    return found


def _element(document: PosterDocument, element_id: str) -> Element:
    found = next((e for e in document.elements if e.element_id == element_id), None)
    if found is None:
        raise errors.NotFound("No such element in this poster")
    return found


def create_layer(document: PosterDocument, request: CreateLayerRequest, if_match: int | None,
                 deps: DesignsDeps) -> tuple[Layer, int]:
    _limit("max_layers", len(document.layers) + 1, deps.settings.max_layers)
    layer = Layer(layer_id=new_id("layer"), order=len(document.layers), **request.model_dump())
    return layer, _commit(document, Change(puts=[layer_item(document.poster.poster_id, layer)]), if_match, deps)


def update_layer(document: PosterDocument, layer_id: str, request: UpdateLayerRequest, if_match: int | None,
                 deps: DesignsDeps) -> tuple[Layer, int]:
    layer = _layer(document, layer_id).model_copy(update=request.model_dump(exclude_none=True))
    return layer, _commit(document, Change(puts=[layer_item(document.poster.poster_id, layer)]), if_match, deps)


def delete_layer(document: PosterDocument, layer_id: str, if_match: int | None, deps: DesignsDeps) -> int:
    """The layer and its elements; the layers above move down one place."""
    pid = document.poster.poster_id
    gone = _layer(document, layer_id)
    change = Change(deletes=[layer_key(pid, layer_id)] + [element_key(pid, e.element_id) for e in document.elements
                                                          if e.layer_id == layer_id])
    change.puts = [layer_item(pid, layer.model_copy(update={"order": layer.order - 1}))
                   for layer in document.layers if layer.order > gone.order]
    return _commit(document, change, if_match, deps)


def reorder_layers(document: PosterDocument, request: LayerOrderRequest, if_match: int | None,
                   deps: DesignsDeps) -> int:
    current = {layer.layer_id: layer for layer in document.layers}
    if sorted(request.layer_ids) != sorted(current) or len(set(request.layer_ids)) != len(request.layer_ids):
        raise errors.Unprocessable("layer_ids must list every layer of the poster exactly once",
                                   expected=sorted(current))
    puts = [layer_item(document.poster.poster_id, current[lid].model_copy(update={"order": order}))
            for order, lid in enumerate(request.layer_ids) if current[lid].order != order]
    return _commit(document, Change(puts=puts), if_match, deps)


def create_elements(document: PosterDocument, new: list[NewElement], if_match: int | None,
                    deps: DesignsDeps) -> tuple[list[Element], int]:
    _limit("max_elements_per_request", len(new), deps.settings.max_elements_per_request)
    _limit("max_elements", len(document.elements) + len(new), deps.settings.max_elements)
    top = {layer.layer_id: -1 for layer in document.layers}
    for element in document.elements:
        top[element.layer_id] = max(top.get(element.layer_id, -1), element.z)
    created = []
    for item in new:
        if item.layer_id not in top:
            raise errors.NotFound(f"No layer {item.layer_id} in this poster")
        top[item.layer_id] += 1
        created.append(Element(element_id=new_id("element"), layer_id=item.layer_id, z=top[item.layer_id],
                               body=item.body))
    change = Change(puts=[element_item(document.poster.poster_id, e) for e in created])
    return created, _commit(document, change, if_match, deps)


def update_element(document: PosterDocument, element_id: str, request: UpdateElementRequest, if_match: int | None,
                   deps: DesignsDeps) -> tuple[Element, int]:
    element = _element(document, element_id)
    body: ElementBody = element.body
    if request.body is not None:
        if request.body.kind != element.body.kind:
            raise errors.Unprocessable(f"A {element.body.kind} element cannot become a {request.body.kind}")
        body = request.body
    layer_id, z = element.layer_id, element.z
    if request.layer_id is not None and request.layer_id != element.layer_id:
        _layer(document, request.layer_id)
        layer_id = request.layer_id
        z = 1 + max((e.z for e in document.elements if e.layer_id == layer_id), default=-1)
    if request.z is not None:
        z = request.z
    updated = Element(element_id=element_id, layer_id=layer_id, z=z, body=body)
    return updated, _commit(document, Change(puts=[element_item(document.poster.poster_id, updated)]), if_match,
                            deps)


def delete_element(document: PosterDocument, element_id: str, if_match: int | None, deps: DesignsDeps) -> int:
    _element(document, element_id)
    return _commit(document, Change(deletes=[element_key(document.poster.poster_id, element_id)]), if_match, deps)
