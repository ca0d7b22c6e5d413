from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportRequest")


@_attrs_define
class ExportRequest:
    """Render to PNG at a scale of the poster's size: a render over 25,000,000 pixels is refused up front (413 render-too-
    large).

        Attributes:
            scale (float | Unset):  Default: 1.0.
    """

    scale: float | Unset = 1.0

    def to_dict(self) -> dict[str, Any]:
        scale = self.scale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if scale is not UNSET:
            field_dict["scale"] = scale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scale = d.pop("scale", UNSET)

        export_request = cls(
            scale=scale,
        )

        return export_request
