from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.group_element import GroupElement
    from ..models.image_element import ImageElement
    from ..models.shape_element import ShapeElement
    from ..models.text_element import TextElement


T = TypeVar("T", bound="NewElement")


@_attrs_define
class NewElement:
    """
    Attributes:
        body (GroupElement | ImageElement | ShapeElement | TextElement):
        layer_id (str):
    """

    body: GroupElement | ImageElement | ShapeElement | TextElement
    layer_id: str

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

        layer_id = self.layer_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "body": body,
                "layer_id": layer_id,
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

        layer_id = d.pop("layer_id")

        new_element = cls(
            body=body,
            layer_id=layer_id,
        )

        return new_element
