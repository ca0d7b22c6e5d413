from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.convert_step_color import ConvertStepColor
from ..models.convert_step_format import ConvertStepFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConvertStep")


@_attrs_define
class ConvertStep:
    """
    Attributes:
        format_ (ConvertStepFormat):
        op (Literal['convert']):
        color (ConvertStepColor | Unset):  Default: ConvertStepColor.KEEP.
        quality (int | None | Unset):
    """

    format_: ConvertStepFormat
    op: Literal["convert"]
    color: ConvertStepColor | Unset = ConvertStepColor.KEEP
    quality: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_.value

        op = self.op

        color: str | Unset = UNSET
        if not isinstance(self.color, Unset):
            color = self.color.value

        quality: int | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "format": format_,
                "op": op,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color
        if quality is not UNSET:
            field_dict["quality"] = quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = ConvertStepFormat(d.pop("format"))

        op = cast(Literal["convert"], d.pop("op"))
        if op != "convert":
            raise ValueError(f"op must match const 'convert', got '{op}'")

        _color = d.pop("color", UNSET)
        color: ConvertStepColor | Unset
        if isinstance(_color, Unset):
            color = UNSET
        else:
            color = ConvertStepColor(_color)

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        convert_step = cls(
            format_=format_,
            op=op,
            color=color,
            quality=quality,
        )

        return convert_step
