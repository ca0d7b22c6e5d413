from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateLayerRequest")


@_attrs_define
class CreateLayerRequest:
    """
    Attributes:
        name (str):
        locked (bool | Unset):  Default: False.
        opacity (float | Unset):  Default: 1.0.
        visible (bool | Unset):  Default: True.
    """

    name: str
    locked: bool | Unset = False
    opacity: float | Unset = 1.0
    visible: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        locked = self.locked

        opacity = self.opacity

        visible = self.visible

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if locked is not UNSET:
            field_dict["locked"] = locked
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if visible is not UNSET:
            field_dict["visible"] = visible

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        locked = d.pop("locked", UNSET)

        opacity = d.pop("opacity", UNSET)

        visible = d.pop("visible", UNSET)

        create_layer_request = cls(
            name=name,
            locked=locked,
            opacity=opacity,
            visible=visible,
        )

        return create_layer_request
