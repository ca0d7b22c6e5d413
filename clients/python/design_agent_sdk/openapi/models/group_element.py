from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupElement")


@_attrs_define
class GroupElement:
    """Groups other elements of the same layer (by id); the group's geometry is its bounding box.

    Attributes:
        height (float):
        width (float):
        children (list[str] | Unset):
        kind (Literal['group'] | Unset):  Default: 'group'.
        opacity (float | Unset):  Default: 1.0.
        rotation (float | Unset): degrees, clockwise, about the centre Default: 0.0.
        x (float | Unset):  Default: 0.0.
        y (float | Unset):  Default: 0.0.
    """

    height: float
    width: float
    children: list[str] | Unset = UNSET
    kind: Literal["group"] | Unset = "group"
    opacity: float | Unset = 1.0
    rotation: float | Unset = 0.0
    x: float | Unset = 0.0
    y: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        children: list[str] | Unset = UNSET
        if not isinstance(self.children, Unset):
            children = self.children

        kind = self.kind

        opacity = self.opacity

        rotation = self.rotation

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height": height,
                "width": width,
            }
        )
        if children is not UNSET:
            field_dict["children"] = children
        if kind is not UNSET:
            field_dict["kind"] = kind
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        width = d.pop("width")

        children = cast(list[str], d.pop("children", UNSET))

        kind = cast(Literal["group"] | Unset, d.pop("kind", UNSET))
        if kind != "group" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'group', got '{kind}'")

        opacity = d.pop("opacity", UNSET)

        rotation = d.pop("rotation", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        group_element = cls(
            height=height,
            width=width,
            children=children,
            kind=kind,
            opacity=opacity,
            rotation=rotation,
            x=x,
            y=y,
        )

        return group_element
