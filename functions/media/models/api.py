"""HTTP input and output of the Media service; a batch item's steps reuse the single operations' options."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from design_agent.contracts.images import CompressOptions, ConvertOptions, OutputFormat, ProcessedOut, ResizeOptions
from design_agent.contracts.storage import FileInfo
from design_agent.image_limits import MAX_OUTPUT_EDGE, MAX_OUTPUT_PIXELS
from pydantic import BaseModel, ConfigDict, Field, model_validator

Anchor = Literal["top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right"]
FILE_ID = Field(min_length=5, max_length=64)


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Point(_Options):
    """A point relative to the image: (0, 0) is the top-left corner, (1, 1) the bottom-right one."""

    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)


_SAME_SIZE = (f"The result is as large as the source: sources over {MAX_OUTPUT_PIXELS:,} pixels are refused up "
              "front (413 image-too-many-pixels).")


class RemoveBackgroundOptions(_Options):
    __doc__ = f"Cut the subject out (a PNG with an alpha matte). {_SAME_SIZE}"

    method: str | None = Field(default=None, pattern=r"^[a-z0-9_-]{1,32}$",
                               description="a registered matting method; the stage's default when omitted")


class SmartCropOptions(_Options):
    __doc__ = (f"Crop around what matters. {_SAME_SIZE} An enlarged output (allow_upscale) over "
               f"{MAX_OUTPUT_PIXELS:,} pixels is 422 image-output-too-large.")

    width: int | None = Field(default=None, ge=1, le=MAX_OUTPUT_EDGE)
    height: int | None = Field(default=None, ge=1, le=MAX_OUTPUT_EDGE)
    aspect: str | None = Field(default=None, pattern=r"^\d{1,4}(\.\d{1,3})?:\d{1,4}(\.\d{1,3})?$",
                               description='width:height, e.g. "16:9" (without width and height)')
    focal_point: Point | None = Field(default=None, description="keep this point: it wins over faces and saliency")
    allow_upscale: bool = False
    format: OutputFormat | None = None
    quality: int | None = Field(default=None, ge=1, le=100)

    @model_validator(mode="after")
    def _target(self) -> Self:
        if self.width is None and self.height is None and self.aspect is None:
            raise ValueError("give width and/or height, or an aspect ratio")
        if self.aspect is not None and (self.width is not None and self.height is not None):
            raise ValueError("an aspect ratio goes with at most one of width and height")
        return self


class WatermarkOptions(_Options):
    __doc__ = f"Draw a text or image mark, once or tiled. {_SAME_SIZE}"

    text: str | None = Field(default=None, min_length=1, max_length=200)
    image_file_id: str | None = Field(default=None, min_length=5, max_length=64,
                                      description="one of your stored images as the mark")
    color: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
    anchor: Anchor = "bottom-right"
    position: Point | None = Field(default=None, description="the mark's centre; overrides the anchor")
    opacity: float = Field(default=0.5, ge=0, le=1)
    scale: float = Field(default=0.25, gt=0, le=1, description="the mark's width relative to the image's")
    rotation: float = Field(default=0, ge=-360, le=360, description="degrees, counter-clockwise")
    margin: float = Field(default=0.02, ge=0, le=0.5, description="from the edges, relative to the image's width")
    tiled: bool = False
    spacing: float = Field(default=0.5, ge=0, le=4, description="tiled: the gap between marks, relative to a mark")
    format: OutputFormat | None = None
    quality: int | None = Field(default=None, ge=1, le=100)

    @model_validator(mode="after")
    def _one_mark(self) -> Self:
        if (self.text is None) == (self.image_file_id is None):
            raise ValueError("give exactly one of text and image_file_id")
        return self


class _FromFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: str = FILE_ID


class RemoveBackgroundRequest(_FromFile, RemoveBackgroundOptions):
    pass


class SmartCropRequest(_FromFile, SmartCropOptions):
    pass


class WatermarkRequest(_FromFile, WatermarkOptions):
    pass


class CropBox(BaseModel):
    x: int
    y: int
    width: int
    height: int


class CropOut(BaseModel):
    box: CropBox = Field(description="in the source image's pixels")
    focal_point: Point
    source: Literal["caller", "face", "saliency", "centre"]


class MediaOut(ProcessedOut):
    crop: CropOut | None = None


# --------------------------------------------------------------------------- batch jobs

class RemoveBackgroundStep(RemoveBackgroundOptions):
    op: Literal["remove_background"]


class SmartCropStep(SmartCropOptions):
    op: Literal["smart_crop"]


class WatermarkStep(WatermarkOptions):
    op: Literal["watermark"]


class ResizeStep(ResizeOptions):
    op: Literal["resize"]


class CompressStep(CompressOptions):
    op: Literal["compress"]


class ConvertStep(ConvertOptions):
    op: Literal["convert"]


Step = Annotated[RemoveBackgroundStep | SmartCropStep | WatermarkStep | ResizeStep | CompressStep | ConvertStep,
                 Field(discriminator="op")]


class BatchItemIn(_FromFile):
    operations: list[Step] = Field(min_length=1, max_length=10, description="applied in order to the file")


class CreateBatchJobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BatchItemIn] = Field(min_length=1, max_length=99)


JobStatus = Literal["queued", "running", "completed"]
ItemStatus = Literal["queued", "running", "succeeded", "failed"]


class ItemError(BaseModel):
    code: str
    message: str


class BatchItemOut(BaseModel):
    index: int
    file_id: str
    operations: list[str]
    status: ItemStatus
    attempts: int = 0
    result: FileInfo | None = Field(default=None, description="the stored result; its url is a download URL "
                                    "made at this read (none once the file is deleted)")
    error: ItemError | None = None
    finished_at: datetime | None = None


class BatchJobSummary(BaseModel):
    job_id: str
    status: JobStatus
    total: int
    succeeded: int
    failed: int
    created_at: datetime
    completed_at: datetime | None = None


class BatchJobOut(BatchJobSummary):
    items: list[BatchItemOut]


class BatchJobList(BaseModel):
    items: list[BatchJobSummary]
    next_cursor: str | None = None
