from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.new_element import NewElement


T = TypeVar("T", bound="CreateElementsRequest")


@_attrs_define
class CreateElementsRequest:
    """
    Attributes:
        elements (list[NewElement]):
    """

    elements: list[NewElement]

    def to_dict(self) -> dict[str, Any]:
        elements = []
        for elements_item_data in self.elements:
            elements_item = elements_item_data.to_dict()
            elements.append(elements_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "elements": elements,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_element import NewElement  # noqa: PLC0415

        d = dict(src_dict)
        elements = []
        _elements = d.pop("elements")
        for elements_item_data in _elements:
            elements_item = NewElement.from_dict(elements_item_data)

            elements.append(elements_item)

        create_elements_request = cls(
            elements=elements,
        )

        return create_elements_request
