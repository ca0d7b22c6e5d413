"""HTTP input and output of the Design service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from design_agent.contracts.designs import MAX_CANVAS, Background, ElementBody, PosterContent, PosterDocument
from design_agent.contracts.storage import FileInfo
from design_agent.image_limits import MAX_OUTPUT_PIXELS
from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreatePosterRequest(PosterContent):
    preview_base64: str | None = Field(default=None, description="a PNG or JPEG preview, stored as a file")


class UpdatePosterRequest(_Strict):
    title: str | None = Field(default=None, max_length=200)
    width: int | None = Field(default=None, ge=16, le=MAX_CANVAS)
    height: int | None = Field(default=None, ge=16, le=MAX_CANVAS)
    background: Background | None = None


class PosterSummary(BaseModel):
    poster_id: str
    title: str
    width: int
    height: int
    version: int
    preview_file_id: str | None = None
    created_at: datetime
    updated_at: datetime


class PosterList(BaseModel):
    items: list[PosterSummary]
    next_cursor: str | None = None


class CreateLayerRequest(_Strict):
    name: str = Field(min_length=1, max_length=100)
    visible: bool = True
    locked: bool = False
    opacity: float = Field(default=1, ge=0, le=1)


class UpdateLayerRequest(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    visible: bool | None = None
    locked: bool | None = None
    opacity: float | None = Field(default=None, ge=0, le=1)


class LayerOrderRequest(_Strict):
    layer_ids: list[str] = Field(min_length=1, description="every layer of the poster, bottom first")


class NewElement(_Strict):
    layer_id: str
    body: ElementBody


class CreateElementsRequest(_Strict):
    elements: Annotated[list[NewElement], Field(min_length=1)]


class UpdateElementRequest(_Strict):
    body: ElementBody | None = None  # replaces the element's body (kind may not change)
    layer_id: str | None = None  # moves it to the top of another layer
    z: int | None = Field(default=None, ge=0)


class ExportRequest(_Strict):
    __doc__ = (f"Render to PNG at a scale of the poster's size: a render over {MAX_OUTPUT_PIXELS:,} pixels is refused "
               "up front (413 render-too-large).")

    scale: float = Field(default=1.0, gt=0, le=4)


class ExportResult(FileInfo):
    """The stored PNG, and what could not be drawn as the document asks."""

    missing_characters: list[str] = Field(default_factory=list, description="characters no font has (the "
                                          "element's, the poster's other fonts, the bundled ones): left out")
    missing_fonts: list[str] = Field(default_factory=list, description="font ids that could not be used")
    missing_images: list[str] = Field(default_factory=list, description="image ids drawn as a placeholder")


class SaveTemplateRequest(_Strict):
    name: str = Field(min_length=1, max_length=100)
    category: str = Field(min_length=1, max_length=40, pattern=r"^[\w-]+$")
    tags: list[str] = Field(default_factory=list, max_length=20)
    public: bool = False
    thumbnail_file_id: str | None = None


class Template(BaseModel):
    template_id: str
    owner_id: str
    name: str
    category: str
    tags: list[str]
    public: bool
    thumbnail_file_id: str | None = None
    width: int
    height: int
    created_at: datetime


class TemplateDetail(Template):
    document: PosterDocument


class TemplateList(BaseModel):
    items: list[Template]
    next_cursor: str | None = None


class FromTemplateRequest(_Strict):
    title: str | None = Field(default=None, max_length=200)
