from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Layer")


@_attrs_define
class Layer:
    """
    Attributes:
        layer_id (str):
        name (str):
        order (int): 0 is the bottom layer
        locked (bool | Unset):  Default: False.
        opacity (float | Unset):  Default: 1.0.
        visible (bool | Unset):  Default: True.
    """

    layer_id: str
    name: str
    order: int
    locked: bool | Unset = False
    opacity: float | Unset = 1.0
    visible: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        layer_id = self.layer_id

        name = self.name

        order = self.order

        locked = self.locked

        opacity = self.opacity

        visible = self.visible

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "layer_id": layer_id,
                "name": name,
                "order": order,
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
        layer_id = d.pop("layer_id")

        name = d.pop("name")

        order = d.pop("order")

        locked = d.pop("locked", UNSET)

        opacity = d.pop("opacity", UNSET)

        visible = d.pop("visible", UNSET)

        layer = cls(
            layer_id=layer_id,
            name=name,
            order=order,
            locked=locked,
            opacity=opacity,
            visible=visible,
        )

        layer.additional_properties = d
        return layer

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
