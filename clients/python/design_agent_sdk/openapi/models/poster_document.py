from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.element import Element
    from ..models.layer import Layer
    from ..models.poster import Poster


T = TypeVar("T", bound="PosterDocument")


@_attrs_define
class PosterDocument:
    """
    Attributes:
        elements (list[Element]):
        layers (list[Layer]):
        poster (Poster):
    """

    elements: list[Element]
    layers: list[Layer]
    poster: Poster
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        elements = []
        for elements_item_data in self.elements:
            elements_item = elements_item_data.to_dict()
            elements.append(elements_item)

        layers = []
        for layers_item_data in self.layers:
            layers_item = layers_item_data.to_dict()
            layers.append(layers_item)

        poster = self.poster.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "elements": elements,
                "layers": layers,
                "poster": poster,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.element import Element  # noqa: PLC0415
        from ..models.layer import Layer  # noqa: PLC0415
        from ..models.poster import Poster  # noqa: PLC0415

        d = dict(src_dict)
        elements = []
        _elements = d.pop("elements")
        for elements_item_data in _elements:
            elements_item = Element.from_dict(elements_item_data)

            elements.append(elements_item)

        layers = []
        _layers = d.pop("layers")
        for layers_item_data in _layers:
            layers_item = Layer.from_dict(layers_item_data)

            layers.append(layers_item)

        poster = Poster.from_dict(d.pop("poster"))

        poster_document = cls(
            elements=elements,
            layers=layers,
            poster=poster,
        )

        poster_document.additional_properties = d
        return poster_document

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
