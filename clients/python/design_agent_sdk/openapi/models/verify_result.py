from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VerifyResult")


@_attrs_define
class VerifyResult:
    """
    Attributes:
        active (bool):
        expires_at (datetime.datetime):
        kind (str):
        role (str):
        session_id (None | str):
        subject (str):
    """

    active: bool
    expires_at: datetime.datetime
    kind: str
    role: str
    session_id: None | str
    subject: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        expires_at = self.expires_at.isoformat()

        kind = self.kind

        role = self.role

        session_id: None | str
        session_id = self.session_id

        subject = self.subject

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "expires_at": expires_at,
                "kind": kind,
                "role": role,
                "session_id": session_id,
                "subject": subject,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        kind = d.pop("kind")

        role = d.pop("role")

        def _parse_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session_id = _parse_session_id(d.pop("session_id"))

        subject = d.pop("subject")

        verify_result = cls(
            active=active,
            expires_at=expires_at,
            kind=kind,
            role=role,
            session_id=session_id,
            subject=subject,
        )

        verify_result.additional_properties = d
        return verify_result

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
