from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.group_element import GroupElement
    from ..models.image_element import ImageElement
    from ..models.shape_element import ShapeElement
    from ..models.text_element import TextElement


T = TypeVar("T", bound="Element")


@_attrs_define
class Element:
    """An element as stored: its id, its layer, its place in the layer's stacking order, and its body.

    Attributes:
        body (GroupElement | ImageElement | ShapeElement | TextElement):
        element_id (str):
        layer_id (str):
        z (int): stacking order within the layer, 0 at the bottom
    """

    body: GroupElement | ImageElement | ShapeElement | TextElement
    element_id: str
    layer_id: str
    z: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        body: dict[str, Any]
        if isinstance(self.body, TextElement):
            body = self.body.to_dict()
        elif isinstance(self.body, ImageElement):
            body = self.body.to_dict()
        elif isinstance(self.body, ShapeElement):
            body = self.body.to_dict()
        else:
            body = self.body.to_dict()

        element_id = self.element_id

        layer_id = self.layer_id

        z = self.z

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "element_id": element_id,
                "layer_id": layer_id,
                "z": z,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_element import GroupElement  # noqa: PLC0415
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_body(data: object) -> GroupElement | ImageElement | ShapeElement | TextElement:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0 = TextElement.from_dict(data)

                return body_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_1 = ImageElement.from_dict(data)

                return body_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_2 = ShapeElement.from_dict(data)

                return body_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            body_type_3 = GroupElement.from_dict(data)

            return body_type_3

        body = _parse_body(d.pop("body"))

        element_id = d.pop("element_id")

        layer_id = d.pop("layer_id")

        z = d.pop("z")

        element = cls(
            body=body,
            element_id=element_id,
            layer_id=layer_id,
            z=z,
        )

        element.additional_properties = d
        return element

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
