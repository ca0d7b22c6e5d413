from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.convert_request_color import ConvertRequestColor
from ..models.convert_request_format import ConvertRequestFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConvertRequest")


@_attrs_define
class ConvertRequest:
    """
    Attributes:
        file_id (str):
        format_ (ConvertRequestFormat):
        color (ConvertRequestColor | Unset):  Default: ConvertRequestColor.KEEP.
        quality (int | None | Unset):
    """

    file_id: str
    format_: ConvertRequestFormat
    color: ConvertRequestColor | Unset = ConvertRequestColor.KEEP
    quality: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        format_ = self.format_.value

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
                "file_id": file_id,
                "format": format_,
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
        file_id = d.pop("file_id")

        format_ = ConvertRequestFormat(d.pop("format"))

        _color = d.pop("color", UNSET)
        color: ConvertRequestColor | Unset
        if isinstance(_color, Unset):
            color = UNSET
        else:
            color = ConvertRequestColor(_color)

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        convert_request = cls(
            file_id=file_id,
            format_=format_,
            color=color,
            quality=quality,
        )

        return convert_request
