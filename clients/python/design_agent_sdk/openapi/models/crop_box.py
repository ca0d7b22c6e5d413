from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CropBox")


@_attrs_define
class CropBox:
    """The part of the source image to show, as fractions of its width and height.

    Attributes:
        height (float | Unset):  Default: 1.0.
        width (float | Unset):  Default: 1.0.
        x (float | Unset):  Default: 0.0.
        y (float | Unset):  Default: 0.0.
    """

    height: float | Unset = 1.0
    width: float | Unset = 1.0
    x: float | Unset = 0.0
    y: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if height is not UNSET:
            field_dict["height"] = height
        if width is not UNSET:
            field_dict["width"] = width
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height", UNSET)

        width = d.pop("width", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        crop_box = cls(
            height=height,
            width=width,
            x=x,
            y=y,
        )

        return crop_box
