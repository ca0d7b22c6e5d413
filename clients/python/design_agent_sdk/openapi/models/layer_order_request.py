from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="LayerOrderRequest")


@_attrs_define
class LayerOrderRequest:
    """
    Attributes:
        layer_ids (list[str]): every layer of the poster, bottom first
    """

    layer_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        layer_ids = self.layer_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "layer_ids": layer_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        layer_ids = cast(list[str], d.pop("layer_ids"))

        layer_order_request = cls(
            layer_ids=layer_ids,
        )

        return layer_order_request
