from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group_element import GroupElement
    from ..models.image_element import ImageElement
    from ..models.shape_element import ShapeElement
    from ..models.text_element import TextElement


T = TypeVar("T", bound="UpdateElementRequest")


@_attrs_define
class UpdateElementRequest:
    """
    Attributes:
        body (GroupElement | ImageElement | None | ShapeElement | TextElement | Unset):
        layer_id (None | str | Unset):
        z (int | None | Unset):
    """

    body: GroupElement | ImageElement | None | ShapeElement | TextElement | Unset = UNSET
    layer_id: None | str | Unset = UNSET
    z: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.group_element import GroupElement  # noqa: PLC0415
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        body: dict[str, Any] | None | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        elif isinstance(self.body, TextElement):
            body = self.body.to_dict()
        elif isinstance(self.body, ImageElement):
            body = self.body.to_dict()
        elif isinstance(self.body, ShapeElement):
            body = self.body.to_dict()
        elif isinstance(self.body, GroupElement):
            body = self.body.to_dict()
        else:
            body = self.body

        layer_id: None | str | Unset
        if isinstance(self.layer_id, Unset):
            layer_id = UNSET
        else:
            layer_id = self.layer_id

        z: int | None | Unset
        if isinstance(self.z, Unset):
            z = UNSET
        else:
            z = self.z

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if body is not UNSET:
            field_dict["body"] = body
        if layer_id is not UNSET:
            field_dict["layer_id"] = layer_id
        if z is not UNSET:
            field_dict["z"] = z

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_element import GroupElement  # noqa: PLC0415
        from ..models.image_element import ImageElement  # noqa: PLC0415
        from ..models.shape_element import ShapeElement  # noqa: PLC0415
        from ..models.text_element import TextElement  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_body(data: object) -> GroupElement | ImageElement | None | ShapeElement | TextElement | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0_type_0 = TextElement.from_dict(data)

                return body_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0_type_1 = ImageElement.from_dict(data)

                return body_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0_type_2 = ShapeElement.from_dict(data)

                return body_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0_type_3 = GroupElement.from_dict(data)

                return body_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GroupElement | ImageElement | None | ShapeElement | TextElement | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_layer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        layer_id = _parse_layer_id(d.pop("layer_id", UNSET))

        def _parse_z(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        z = _parse_z(d.pop("z", UNSET))

        update_element_request = cls(
            body=body,
            layer_id=layer_id,
            z=z,
        )

        return update_element_request
