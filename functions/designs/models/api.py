"""HTTP input and output of the Design service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from design_agent.contracts.designs import MAX_CANVAS, Background, ElementBody, PosterContent, PosterDocument
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
    scale: float = Field(default=1.0, gt=0, le=4)


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
