from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PasswordResetAccepted")


@_attrs_define
class PasswordResetAccepted:
    """The same answer whether the address has an account or not.

    Attributes:
        detail (str | Unset):  Default: 'If the address has an account, a link to choose a new password is on its way.'.
        status (Literal['reset-sent'] | Unset):  Default: 'reset-sent'.
    """

    detail: str | Unset = "If the address has an account, a link to choose a new password is on its way."
    status: Literal["reset-sent"] | Unset = "reset-sent"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if detail is not UNSET:
            field_dict["detail"] = detail
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail", UNSET)

        status = cast(Literal["reset-sent"] | Unset, d.pop("status", UNSET))
        if status != "reset-sent" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'reset-sent', got '{status}'")

        password_reset_accepted = cls(
            detail=detail,
            status=status,
        )

        password_reset_accepted.additional_properties = d
        return password_reset_accepted

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
