"""Templates: snapshots of posters, public or private, and new posters made from them."""

from __future__ import annotations

from design_agent import errors
from design_agent.api import Principal
from design_agent.contracts.designs import Element, Layer, PosterDocument
from design_agent.ids import new_id
from design_agent.permissions import allowed

from functions.designs.deps import DesignsDeps
from functions.designs.logic import references
from functions.designs.logic.documents import check_limits
from functions.designs.models.api import SaveTemplateRequest, Template, TemplateDetail


def save(who: Principal, document: PosterDocument, request: SaveTemplateRequest, deps: DesignsDeps) -> Template:
    if request.public and not allowed(who.role, "templates", "publish"):
        raise errors.Forbidden("Publishing templates needs the vip or admin role")
    references.check(who.subject, references.image_ref("body.thumbnail_file_id", request.thumbnail_file_id), deps,
                     known=references.in_document(document))
    poster = document.poster
    template = Template(template_id=new_id("template"), owner_id=who.subject, name=request.name,
                        category=request.category.lower(), tags=sorted({t.strip().lower() for t in request.tags}),
                        public=request.public, thumbnail_file_id=request.thumbnail_file_id or poster.preview_file_id,
                        width=poster.width, height=poster.height, created_at=deps.clock())
    deps.documents.put_template(template, document)
    return template


def visible(who: Principal, template_id: str, deps: DesignsDeps) -> TemplateDetail:
    found = deps.documents.get_template(template_id)
    if found is None or not (found[0].public or found[0].owner_id == who.subject):
        raise errors.NotFound("No such template")
    template, document = found
    return TemplateDetail(**template.model_dump(), document=document)


def instantiate(who: Principal, template_id: str, title: str | None, deps: DesignsDeps) -> PosterDocument:
    """A new poster of the caller with fresh ids for the snapshot's layers and elements."""
    source = visible(who, template_id, deps).document
    now = deps.clock()
    poster = source.poster.model_copy(update={
        "poster_id": new_id("poster"), "owner_id": who.subject, "title": title or source.poster.title,
        "version": 1, "template_id": template_id, "task_id": None, "preview_file_id": None,
        "created_at": now, "updated_at": now})
    layer_ids = {layer.layer_id: new_id("layer") for layer in source.layers}
    element_ids = {e.element_id: new_id("element") for e in source.elements}
    layers = [Layer(**{**layer.model_dump(), "layer_id": layer_ids[layer.layer_id]}) for layer in source.layers]
    elements = []
    for e in source.elements:
        body = e.body
        if body.kind == "group":
            body = body.model_copy(update={"children": [element_ids.get(c, c) for c in body.children]})
        elements.append(Element(element_id=element_ids[e.element_id], layer_id=layer_ids[e.layer_id], z=e.z,
                                body=body))
    document = PosterDocument(poster=poster, layers=layers, elements=elements)
    check_limits(document, deps)
    deps.documents.create(document)
    return document
