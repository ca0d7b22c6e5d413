"""The File service as data: image processing, fonts and the asset library (seed 3.8)."""

from design_agent.cursors import PAGES
from design_agent.spec import Index, Operation, Service, Table, TableAccess, Trigger, health_operation

LIBRARY_TABLE = Table(
    name="library",
    indexes=(
        Index("gsi1", "gsi1pk", "gsi1sk"),  # fonts / assets by scope (and category), for listing
    ),
)

_H = "functions.files.handlers"
_READ: dict[str, TableAccess] = {"library": "read"}
_WRITE: dict[str, TableAccess] = {"library": "write"}
_STORE = ("storage.ResolveFile", "storage.StoreFile")

SERVICE = Service(
    name="files",
    layer_groups=("fonts",),
    tables=(LIBRARY_TABLE,),
    operations=(
        Operation("ResizeImage", f"{_H}.resize_image", method="POST", path="/api/v1/files/images/resize",
                  invokes=_STORE, timeout_s=29, memory_mb=2048),
        Operation("CompressImage", f"{_H}.compress_image", method="POST", path="/api/v1/files/images/compress",
                  invokes=_STORE, timeout_s=29, memory_mb=2048),
        Operation("ConvertImage", f"{_H}.convert_image", method="POST", path="/api/v1/files/images/convert",
                  invokes=_STORE, timeout_s=29, memory_mb=2048),
        Operation("RegisterFont", f"{_H}.register_font", method="POST", path="/api/v1/files/fonts",
                  tables=_WRITE, invokes=_STORE, timeout_s=29, memory_mb=1024),
        Operation("ListFonts", f"{_H}.list_fonts", method="GET", path="/api/v1/files/fonts", tables=_READ,
                  secrets=PAGES),
        Operation("GetFont", f"{_H}.get_font", method="GET", path="/api/v1/files/fonts/{font_id}", tables=_READ),
        Operation("ResolveFont", f"{_H}.resolve_font", trigger=Trigger.INTERNAL, tables=_READ),
        Operation("ResolveFonts", f"{_H}.resolve_fonts", trigger=Trigger.INTERNAL, tables=_READ),
        Operation("RegisterAsset", f"{_H}.register_asset", method="POST", path="/api/v1/files/assets",
                  tables=_WRITE, invokes=("storage.ResolveFile",)),
        Operation("ListAssets", f"{_H}.list_assets", method="GET", path="/api/v1/files/assets", tables=_READ,
                  secrets=PAGES),
        Operation("SearchAssets", f"{_H}.search_assets", method="GET", path="/api/v1/files/assets/search",
                  tables=_READ),
        health_operation("files", (LIBRARY_TABLE,)),
    ),
)
