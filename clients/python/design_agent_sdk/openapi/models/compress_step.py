from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.compress_step_color import CompressStepColor
from ..models.compress_step_format_type_0 import CompressStepFormatType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompressStep")


@_attrs_define
class CompressStep:
    """
    Attributes:
        op (Literal['compress']):
        color (CompressStepColor | Unset):  Default: CompressStepColor.KEEP.
        format_ (CompressStepFormatType0 | None | Unset):
        quality (int | None | Unset):
        target_bytes (int | None | Unset): the highest quality that fits, found by encoding several times: images up to
            4,000,000 pixels (larger: 422 image-output-too-large)
    """

    op: Literal["compress"]
    color: CompressStepColor | Unset = CompressStepColor.KEEP
    format_: CompressStepFormatType0 | None | Unset = UNSET
    quality: int | None | Unset = UNSET
    target_bytes: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        op = self.op

        color: str | Unset = UNSET
        if not isinstance(self.color, Unset):
            color = self.color.value

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, CompressStepFormatType0):
            format_ = self.format_.value
        else:
            format_ = self.format_

        quality: int | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        target_bytes: int | None | Unset
        if isinstance(self.target_bytes, Unset):
            target_bytes = UNSET
        else:
            target_bytes = self.target_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "op": op,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color
        if format_ is not UNSET:
            field_dict["format"] = format_
        if quality is not UNSET:
            field_dict["quality"] = quality
        if target_bytes is not UNSET:
            field_dict["target_bytes"] = target_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        op = cast(Literal["compress"], d.pop("op"))
        if op != "compress":
            raise ValueError(f"op must match const 'compress', got '{op}'")

        _color = d.pop("color", UNSET)
        color: CompressStepColor | Unset
        if isinstance(_color, Unset):
            color = UNSET
        else:
            color = CompressStepColor(_color)

        def _parse_format_(data: object) -> CompressStepFormatType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = CompressStepFormatType0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompressStepFormatType0 | None | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        def _parse_target_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        target_bytes = _parse_target_bytes(d.pop("target_bytes", UNSET))

        compress_step = cls(
            op=op,
            color=color,
            format_=format_,
            quality=quality,
            target_bytes=target_bytes,
        )

        return compress_step
