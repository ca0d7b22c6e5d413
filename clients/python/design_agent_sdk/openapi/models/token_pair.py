from __future__ import annotations

import datetime
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

T = TypeVar("T", bound="TokenPair")


@_attrs_define
class TokenPair:
    """
    Attributes:
        access_expires_at (datetime.datetime):
        access_token (str):
        expires_in (int):
        refresh_token (str):
        session_id (str):
        token_type (Literal['Bearer'] | Unset):  Default: 'Bearer'.
    """

    access_expires_at: datetime.datetime
    access_token: str
    expires_in: int
    refresh_token: str
    session_id: str
    token_type: Literal["Bearer"] | Unset = "Bearer"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_expires_at = self.access_expires_at.isoformat()

        access_token = self.access_token

        expires_in = self.expires_in

        refresh_token = self.refresh_token

        session_id = self.session_id

        token_type = self.token_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_expires_at": access_expires_at,
                "access_token": access_token,
                "expires_in": expires_in,
                "refresh_token": refresh_token,
                "session_id": session_id,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_expires_at = datetime.datetime.fromisoformat(d.pop("access_expires_at"))

        access_token = d.pop("access_token")

        expires_in = d.pop("expires_in")

        refresh_token = d.pop("refresh_token")

        session_id = d.pop("session_id")

        token_type = cast(Literal["Bearer"] | Unset, d.pop("token_type", UNSET))
        if token_type != "Bearer" and not isinstance(token_type, Unset):
            raise ValueError(f"token_type must match const 'Bearer', got '{token_type}'")

        token_pair = cls(
            access_expires_at=access_expires_at,
            access_token=access_token,
            expires_in=expires_in,
            refresh_token=refresh_token,
            session_id=session_id,
            token_type=token_type,
        )

        token_pair.additional_properties = d
        return token_pair

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
