"""The Design service as data: posters, layers, elements and templates as versioned documents (seed 3.4)."""

from design_agent.cursors import PAGES
from design_agent.spec import Index, Operation, Service, Table, TableAccess, Trigger, handler_in, health_operation

DESIGNS_TABLE = Table(
    name="designs",
    indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),  # a user's posters; templates by scope
             # one layer's elements in stacking order, with their stored size (an edit's read of one layer)
             Index("lsi1", "pk", "lsi1sk", local=True, include=("nbytes",))),
    stream="NEW_AND_OLD_IMAGES",  # the outbox: PosterDeleted is published from the stream
)

_H = "functions.designs.handlers"
_READ: dict[str, TableAccess] = {"designs": "read"}
_WRITE: dict[str, TableAccess] = {"designs": "write"}
# every write that brings file or font ids in checks them, one batch lookup per kind (logic/references.py)
_REFS = ("storage.ResolveFiles", "files.ResolveFonts")
_P = "/api/v1/designs/posters"
_T = "/api/v1/designs/templates"


def _op(name: str, method: str, path: str, access: dict[str, TableAccess] = _WRITE, **kw: object) -> Operation:
    return Operation(name, handler_in(_H, name), method=method, path=path, tables=access, **kw)  # type: ignore[arg-type]


SERVICE = Service(
    name="designs",
    layer_groups=("fonts",),  # the renderer draws with user fonts
    tables=(DESIGNS_TABLE,),
    operations=(
        _op("CreatePoster", "POST", _P, invokes=("storage.StoreFile", *_REFS), timeout_s=29, memory_mb=1024),
        _op("ListPosters", "GET", _P, _READ, secrets=PAGES),
        _op("GetPoster", "GET", f"{_P}/{{poster_id}}", _READ),
        _op("UpdatePoster", "PATCH", f"{_P}/{{poster_id}}", invokes=_REFS),
        _op("DeletePoster", "DELETE", f"{_P}/{{poster_id}}"),
        _op("CreateLayer", "POST", f"{_P}/{{poster_id}}/layers"),
        _op("UpdateLayer", "PATCH", f"{_P}/{{poster_id}}/layers/{{layer_id}}"),
        _op("DeleteLayer", "DELETE", f"{_P}/{{poster_id}}/layers/{{layer_id}}"),
        _op("UpdateLayerOrder", "PUT", f"{_P}/{{poster_id}}/layer-order"),
        _op("CreateElements", "POST", f"{_P}/{{poster_id}}/elements", invokes=_REFS),
        _op("UpdateElement", "PATCH", f"{_P}/{{poster_id}}/elements/{{element_id}}", invokes=_REFS),
        _op("DeleteElement", "DELETE", f"{_P}/{{poster_id}}/elements/{{element_id}}"),
        _op("ExportPoster", "POST", f"{_P}/{{poster_id}}/export", _READ,
            invokes=("storage.ResolveFile", "storage.StoreFile", "files.ResolveFont"), timeout_s=29, memory_mb=3008,
            layer="typefaces"),  # the bundled CJK and symbol fonts; 3008 MB: ~1.7 vCPUs for the drawing threads
        _op("SaveTemplate", "POST", f"{_P}/{{poster_id}}/template", invokes=_REFS),
        _op("ListTemplates", "GET", _T, _READ, secrets=PAGES),
        _op("GetTemplate", "GET", f"{_T}/{{template_id}}", _READ),
        _op("CreateFromTemplate", "POST", f"{_T}/{{template_id}}/posters"),
        Operation("ImportPoster", f"{_H}.import_poster", trigger=Trigger.INTERNAL, tables=_WRITE, invokes=_REFS),
        Operation("ResolveTemplate", f"{_H}.resolve_template", trigger=Trigger.INTERNAL, tables=_READ),
        Operation("PublishDesignEvents", f"{_H}.publish_design_events", trigger=Trigger.STREAM,
                  source=DESIGNS_TABLE.name, publishes=True, batch_size=50,
                  retry_attempts=-1),  # an outbox: retried until it is published
        health_operation("designs", (DESIGNS_TABLE,)),
    ),
)
