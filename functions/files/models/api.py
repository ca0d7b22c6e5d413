"""HTTP input and output of the File service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from design_agent.contracts.files import Script
from design_agent.contracts.images import CompressOptions, ConvertOptions, ResizeOptions
from pydantic import BaseModel, ConfigDict, Field

Scope = Literal["mine", "public", "all"]


class _FromFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: str = Field(min_length=5, max_length=64)


class ResizeRequest(_FromFile, ResizeOptions):
    pass


class CompressRequest(_FromFile, CompressOptions):
    pass


class ConvertRequest(_FromFile, ConvertOptions):
    pass


class RegisterFontRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: str = Field(min_length=5, max_length=64)
    public: bool = False


class FontOut(BaseModel):
    font_id: str
    owner_id: str
    public: bool
    file_id: str
    preview_file_id: str | None = None
    family: str
    style: str
    weight: int
    italic: bool
    glyph_count: int
    format: str
    cjk_coverage: float
    supports_cjk: bool
    scripts: list[Script] = Field(default_factory=list, description="the coverage report: the scripts the font "
                                  "sets (90% of a sample of each); the poster renderer's fallback chain reads it")
    created_at: datetime


class FontList(BaseModel):
    items: list[FontOut]
    next_cursor: str | None = None


class RegisterAssetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: str = Field(min_length=5, max_length=64)
    name: str = Field(min_length=1, max_length=100)
    category: str = Field(min_length=1, max_length=40, pattern=r"^[\w-]+$")
    tags: list[str] = Field(default_factory=list, max_length=20)
    public: bool = False


class AssetOut(BaseModel):
    asset_id: str
    owner_id: str
    public: bool
    file_id: str
    name: str
    category: str
    tags: list[str]
    content_type: str
    created_at: datetime


class AssetList(BaseModel):
    items: list[AssetOut]
    next_cursor: str | None = None
