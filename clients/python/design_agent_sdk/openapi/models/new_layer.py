from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group_element import GroupElement
    from ..models.image_element import ImageElement
    from ..models.shape_element import ShapeElement
    from ..models.text_element import TextElement


T = TypeVar("T", bound="NewLayer")


@_attrs_define
class NewLayer:
    """A layer and its elements as a client (or a worker) sends them; ids are given by the Design service.

    Attributes:
        name (str):
        elements (list[GroupElement | ImageElement | ShapeElement | TextElement] | Unset): bottom first
        locked (bool | Unset):  Default: False.
        opacity (float | Unset):  Default: 1.0.
        visible (bool | Unset):  Default: True.
    """

    name: str
    elements: list[GroupElement | ImageElement | ShapeElement | TextElement] | Unset = UNSET
    locked: bool | Unset = False
    opacity: float | Unset = 1.0
    visible: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        name = self.name

        elements: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.elements, Unset):
            elements = []
            for elements_item_data in self.elements:
                elements_item: dict[str, Any]
                if isinstance(elements_item_data, TextElement):
                    elements_item = elements_item_data.to_dict()
                elif isinstance(elements_item_data, ImageElement):
                    elements_item = elements_item_data.to_dict()
                elif isinstance(elements_item_data, ShapeElement):
                    elements_item = elements_item_data.to_dict()
                else:
                    elements_item = elements_item_data.to_dict()

                elements.append(elements_item)

        locked = self.locked

        opacity = self.opacity

        visible = self.visible

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if elements is not UNSET:
            field_dict["elements"] = elements
        if locked is not UNSET:
            field_dict["locked"] = locked
        if opacity is not UNSET:
            field_dict["opacity"] = opacity
        if visible is not UNSET:
            field_dict["visible"] = visible

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_element import GroupElement  # noqa: PLC0415
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _elements = d.pop("elements", UNSET)
        elements: list[GroupElement | ImageElement | ShapeElement | TextElement] | Unset = UNSET
        if _elements is not UNSET:
            elements = []
            for elements_item_data in _elements:

                def _parse_elements_item(data: object) -> GroupElement | ImageElement | ShapeElement | TextElement:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        elements_item_type_0 = TextElement.from_dict(data)

                        return elements_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        elements_item_type_1 = ImageElement.from_dict(data)

                        return elements_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        elements_item_type_2 = ShapeElement.from_dict(data)

                        return elements_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    elements_item_type_3 = GroupElement.from_dict(data)

                    return elements_item_type_3

                elements_item = _parse_elements_item(elements_item_data)

                elements.append(elements_item)

        locked = d.pop("locked", UNSET)

        opacity = d.pop("opacity", UNSET)

        visible = d.pop("visible", UNSET)

        new_layer = cls(
            name=name,
            elements=elements,
            locked=locked,
            opacity=opacity,
            visible=visible,
        )

        return new_layer
