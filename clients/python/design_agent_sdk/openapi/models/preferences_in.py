from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PreferencesIn")


@_attrs_define
class PreferencesIn:
    """
    Attributes:
        email_enabled (bool):
    """

    email_enabled: bool

    def to_dict(self) -> dict[str, Any]:
        email_enabled = self.email_enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email_enabled": email_enabled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email_enabled = d.pop("email_enabled")

        preferences_in = cls(
            email_enabled=email_enabled,
        )

        return preferences_in
