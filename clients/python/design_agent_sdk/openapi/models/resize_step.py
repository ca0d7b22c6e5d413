from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.resize_step_color import ResizeStepColor
from ..models.resize_step_format_type_0 import ResizeStepFormatType0
from ..models.resize_step_mode import ResizeStepMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResizeStep")


@_attrs_define
class ResizeStep:
    """
    Attributes:
        op (Literal['resize']):
        background (str | Unset):  Default: '#ffffff'.
        color (ResizeStepColor | Unset):  Default: ResizeStepColor.KEEP.
        format_ (None | ResizeStepFormatType0 | Unset):
        height (int | None | Unset): width x height at most 25,000,000 pixels
        mode (ResizeStepMode | Unset):  Default: ResizeStepMode.FIT.
        quality (int | None | Unset):
        width (int | None | Unset): width x height at most 25,000,000 pixels
    """

    op: Literal["resize"]
    background: str | Unset = "#ffffff"
    color: ResizeStepColor | Unset = ResizeStepColor.KEEP
    format_: None | ResizeStepFormatType0 | Unset = UNSET
    height: int | None | Unset = UNSET
    mode: ResizeStepMode | Unset = ResizeStepMode.FIT
    quality: int | None | Unset = UNSET
    width: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        op = self.op

        background = self.background

        color: str | Unset = UNSET
        if not isinstance(self.color, Unset):
            color = self.color.value

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, ResizeStepFormatType0):
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
                "op": op,
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
        op = cast(Literal["resize"], d.pop("op"))
        if op != "resize":
            raise ValueError(f"op must match const 'resize', got '{op}'")

        background = d.pop("background", UNSET)

        _color = d.pop("color", UNSET)
        color: ResizeStepColor | Unset
        if isinstance(_color, Unset):
            color = UNSET
        else:
            color = ResizeStepColor(_color)

        def _parse_format_(data: object) -> None | ResizeStepFormatType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = ResizeStepFormatType0(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResizeStepFormatType0 | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        _mode = d.pop("mode", UNSET)
        mode: ResizeStepMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = ResizeStepMode(_mode)

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

        resize_step = cls(
            op=op,
            background=background,
            color=color,
            format_=format_,
            height=height,
            mode=mode,
            quality=quality,
            width=width,
        )

        return resize_step
