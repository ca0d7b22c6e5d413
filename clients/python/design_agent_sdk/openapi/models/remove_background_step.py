from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RemoveBackgroundStep")


@_attrs_define
class RemoveBackgroundStep:
    """
    Attributes:
        op (Literal['remove_background']):
        method (None | str | Unset): a registered matting method; the stage's default when omitted
    """

    op: Literal["remove_background"]
    method: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        op = self.op

        method: None | str | Unset
        if isinstance(self.method, Unset):
            method = UNSET
        else:
            method = self.method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "op": op,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        op = cast(Literal["remove_background"], d.pop("op"))
        if op != "remove_background":
            raise ValueError(f"op must match const 'remove_background', got '{op}'")

        def _parse_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        method = _parse_method(d.pop("method", UNSET))

        remove_background_step = cls(
            op=op,
            method=method,
        )

        return remove_background_step
