"""The poster document: posters, ordered layers, and elements of four kinds (a discriminated union).

Shared by the Design service (storage, validation, API), the renderer (``design_agent.render``) and the
reference worker of the Task service, which builds documents that match what it draws.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from design_agent.clients import AwsClients
from design_agent.ids import derived_id
from design_agent.internal import InternalClient

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$", examples=["#ff6600"])]

MAX_CANVAS = 8192


class Geometry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float = Field(default=0, ge=-MAX_CANVAS, le=2 * MAX_CANVAS)
    y: float = Field(default=0, ge=-MAX_CANVAS, le=2 * MAX_CANVAS)
    width: float = Field(gt=0, le=2 * MAX_CANVAS)
    height: float = Field(gt=0, le=2 * MAX_CANVAS)
    rotation: float = Field(default=0, ge=-360, le=360, description="degrees, clockwise, about the centre")
    opacity: float = Field(default=1, ge=0, le=1)


class TextElement(Geometry):
    kind: Literal["text"] = "text"
    content: str = Field(min_length=1, max_length=5000)
    font_id: str | None = None  # a registered font (File service); the renderer's default font otherwise
    font_size: float = Field(default=32, gt=0, le=2000)
    color: Colour = "#000000"
    align: Literal["left", "center", "right"] = "left"
    line_height: float = Field(default=1.2, gt=0, le=10)
    font_weight: int = Field(default=400, ge=100, le=900,
                             description="100..900; variable fonts (the bundled CJK font among them) are set to it")
    lang: Literal["zh-Hans", "zh-Hant", "zh-HK", "ja", "ko"] | None = Field(
        default=None, description="the CJK glyph forms to use; by default Japanese with kana, Korean with Hangul, "
        "else Simplified Chinese")
    direction: Literal["horizontal", "vertical"] = Field(
        default="horizontal", description="vertical: top to bottom in columns from right to left")
    fit: Literal["none", "shrink"] = Field(
        default="none", description="shrink: the largest size up to font_size (not below min_font_size) whose "
        "lines fit the box without breaking a word")
    min_font_size: float = Field(default=8, gt=0, le=2000)


class CropBox(BaseModel):
    """The part of the source image to show, as fractions of its width and height."""

    model_config = ConfigDict(extra="forbid")

    x: float = Field(default=0, ge=0, lt=1)
    y: float = Field(default=0, ge=0, lt=1)
    width: float = Field(default=1, gt=0, le=1)
    height: float = Field(default=1, gt=0, le=1)


class ImageFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grayscale: bool = False
    blur: float = Field(default=0, ge=0, le=100, description="Gaussian blur radius in px")
    brightness: float = Field(default=1, ge=0, le=5)
    contrast: float = Field(default=1, ge=0, le=5)


class ImageElement(Geometry):
    kind: Literal["image"] = "image"
    file_id: str
    crop: CropBox | None = None
    fit: Literal["fill", "contain", "cover"] = "cover"
    filters: ImageFilters = Field(default_factory=ImageFilters)


class ShapeElement(Geometry):
    kind: Literal["shape"] = "shape"
    shape: Literal["rectangle", "ellipse", "line"] = "rectangle"
    fill: Colour | None = None
    stroke: Colour | None = None
    stroke_width: float = Field(default=0, ge=0, le=500)
    corner_radius: float = Field(default=0, ge=0, le=MAX_CANVAS)


class GroupElement(Geometry):
    """Groups other elements of the same layer (by id); the group's geometry is its bounding box."""

    kind: Literal["group"] = "group"
    children: list[str] = Field(default_factory=list, max_length=500)


ElementBody = Annotated[TextElement | ImageElement | ShapeElement | GroupElement, Field(discriminator="kind")]


class Element(BaseModel):
    """An element as stored: its id, its layer, its place in the layer's stacking order, and its body."""

    element_id: str
    layer_id: str
    z: int = Field(ge=0, description="stacking order within the layer, 0 at the bottom")
    body: ElementBody


class Layer(BaseModel):
    layer_id: str
    name: str = Field(min_length=1, max_length=100)
    order: int = Field(ge=0, description="0 is the bottom layer")
    visible: bool = True
    locked: bool = False
    opacity: float = Field(default=1, ge=0, le=1)


class Background(BaseModel):
    model_config = ConfigDict(extra="forbid")

    color: Colour = "#ffffff"
    file_id: str | None = None  # an image covering the canvas, drawn over the colour


class Poster(BaseModel):
    poster_id: str
    owner_id: str
    title: str = Field(max_length=200)
    width: int = Field(ge=16, le=MAX_CANVAS)
    height: int = Field(ge=16, le=MAX_CANVAS)
    background: Background = Field(default_factory=Background)
    version: int = Field(ge=1)
    task_id: str | None = None
    template_id: str | None = None
    preview_file_id: str | None = None
    layer_count: int = Field(default=0, ge=0, description="how many layers the poster has")
    element_count: int = Field(default=0, ge=0, description="how many elements the poster has")
    content_bytes: int = Field(default=0, ge=0, description="the size of its layers and elements as JSON "
                                                            "(limited by DESIGN_MAX_DOCUMENT_BYTES)")
    created_at: datetime
    updated_at: datetime


class PosterDocument(BaseModel):
    poster: Poster
    layers: list[Layer]  # bottom first
    elements: list[Element]  # by layer order, then z


class NewLayer(BaseModel):
    """A layer and its elements as a client (or a worker) sends them; ids are given by the Design service."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    visible: bool = True
    locked: bool = False
    opacity: float = Field(default=1, ge=0, le=1)
    elements: list[ElementBody] = Field(default_factory=list, description="bottom first")


class PosterContent(BaseModel):
    """What a new poster is made of (a client's create, a worker's result, an import): ids come later."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="Untitled", max_length=200)
    width: int = Field(ge=16, le=MAX_CANVAS)
    height: int = Field(ge=16, le=MAX_CANVAS)
    background: Background = Field(default_factory=Background)
    layers: list[NewLayer] = Field(default_factory=list, description="bottom first")

    def content(self) -> dict[str, Any]:
        """Just the content fields, as they are (to build another model of the same content)."""
        return {name: getattr(self, name) for name in PosterContent.model_fields}


class ImportPosterRequest(PosterContent):
    """A generated poster for ``owner_id``; the same task attempt imports once (the poster id derives from it)."""

    owner_id: str
    task_id: str
    attempt: int = Field(ge=1)
    preview_file_id: str | None = None
    template_id: str | None = None


class ImportedPoster(BaseModel):
    poster_id: str
    version: int
    created: bool


def task_poster_id(task_id: str, attempt: int) -> str:
    """The poster of one task attempt has a fixed id: a repeated import finds it instead of making another, and
    the Task service knows which poster a completion may name."""
    return derived_id("poster", task_id, attempt)


class ResolveTemplateRequest(BaseModel):
    """A template ``user_id`` may use (theirs, or a public one); otherwise not found."""

    user_id: str
    template_id: str


class TemplateRef(BaseModel):
    template_id: str
    owner_id: str
    public: bool


class DesignsClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def import_poster(self, request: ImportPosterRequest) -> ImportedPoster:
        return self._rpc.call("designs", "ImportPoster", request, ImportedPoster)

    def resolve_template(self, request: ResolveTemplateRequest) -> TemplateRef:
        return self._rpc.call("designs", "ResolveTemplate", request, TemplateRef)
