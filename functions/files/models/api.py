"""HTTP input and output of the File service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from design_agent.contracts.storage import FileInfo
from pydantic import BaseModel, ConfigDict, Field

OutputFormat = Literal["jpeg", "png", "webp", "avif"]
ColorMode = Literal["keep", "srgb"]
Scope = Literal["mine", "public", "all"]


class _FromFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: str = Field(min_length=5, max_length=64)
    color: ColorMode = "keep"


class ResizeRequest(_FromFile):
    width: int | None = Field(default=None, ge=1, le=8192)
    height: int | None = Field(default=None, ge=1, le=8192)
    mode: Literal["fit", "fill", "cover"] = "fit"
    format: OutputFormat | None = None
    quality: int | None = Field(default=None, ge=1, le=100)
    background: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")


class CompressRequest(_FromFile):
    quality: int | None = Field(default=None, ge=1, le=100)
    target_bytes: int | None = Field(default=None, ge=1024)
    format: OutputFormat | None = None


class ConvertRequest(_FromFile):
    format: OutputFormat
    quality: int | None = Field(default=None, ge=1, le=100)


class ProcessedOut(BaseModel):
    source_file_id: str
    file: FileInfo
    width: int
    height: int
    format: str
    size_bytes: int


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
