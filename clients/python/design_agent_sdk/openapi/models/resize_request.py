from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.resize_request_color import ResizeRequestColor
from ..models.resize_request_format_type_0 import ResizeRequestFormatType0
from ..models.resize_request_mode import ResizeRequestMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResizeRequest")


@_attrs_define
class ResizeRequest:
    """
    Attributes:
        file_id (str):
        background (str | Unset):  Default: '#ffffff'.
        color (ResizeRequestColor | Unset):  Default: ResizeRequestColor.KEEP.
        format_ (None | ResizeRequestFormatType0 | Unset):
        height (int | None | Unset): width x height at most 25,000,000 pixels
        mode (ResizeRequestMode | Unset):  Default: ResizeRequestMode.FIT.
        quality (int | None | Unset):
        width (int | None | Unset): width x height at most 25,000,000 pixels
    """

    file_id: str
    background: str | Unset = "#ffffff"
    color: ResizeRequestColor | Unset = ResizeRequestColor.KEEP
    format_: None | ResizeRequestFormatType0 | Unset = UNSET
    height: int | None | Unset = UNSET
    mode: ResizeRequestMode | Unset = ResizeRequestMode.FIT
    quality: int | None | Unset = UNSET
    width: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        background = self.background

        color: str | Unset = UNSET
        if not isinstance(self.color, Unset):
            color = self.color.value

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, ResizeRequestFormatType0):
            format_ = self.format_.value
        else:
            format_ = self.format_

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        quality: int | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_id": file_id,
            }
        )
        if background is not UNSET:
            field_dict["background"] = background
        if color is not UNSET:
            field_dict["color"] = color
        if format_ is not UNSET:
            field_dict["format"] = format_
        if height is not UNSET:
            field_dict["height"] = height
        if mode is not UNSET:
            field_dict["mode"] = mode
        if quality is not UNSET:
            field_dict["quality"] = quality
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("file_id")

        background = d.pop("background", UNSET)

        _color = d.pop("color", UNSET)
        color: ResizeRequestColor | Unset
        if isinstance(_color, Unset):
            color = UNSET
        else:
            color = ResizeRequestColor(_color)

        def _parse_format_(data: object) -> None | ResizeRequestFormatType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = ResizeRequestFormatType0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResizeRequestFormatType0 | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        _mode = d.pop("mode", UNSET)
        mode: ResizeRequestMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = ResizeRequestMode(_mode)

        def _parse_quality(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        resize_request = cls(
            file_id=file_id,
            background=background,
            color=color,
            format_=format_,
            height=height,
            mode=mode,
            quality=quality,
            width=width,
        )

        return resize_request
