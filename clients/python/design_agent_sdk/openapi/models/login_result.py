from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.user_out import UserOut


T = TypeVar("T", bound="LoginResult")


@_attrs_define
class LoginResult:
    """
    Attributes:
        access_expires_at (datetime.datetime):
        access_token (str):
        expires_in (int):
        refresh_token (str):
        session_id (str):
        user (UserOut):
        token_type (Literal['Bearer'] | Unset):  Default: 'Bearer'.
    """

    access_expires_at: datetime.datetime
    access_token: str
    expires_in: int
    refresh_token: str
    session_id: str
    user: UserOut
    token_type: Literal["Bearer"] | Unset = "Bearer"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_expires_at = self.access_expires_at.isoformat()

        access_token = self.access_token

        expires_in = self.expires_in

        refresh_token = self.refresh_token

        session_id = self.session_id

        user = self.user.to_dict()

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
                "user": user,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        access_expires_at = datetime.datetime.fromisoformat(d.pop("access_expires_at"))

        access_token = d.pop("access_token")

        expires_in = d.pop("expires_in")

        refresh_token = d.pop("refresh_token")

        session_id = d.pop("session_id")

        user = UserOut.from_dict(d.pop("user"))

        token_type = cast(Literal["Bearer"] | Unset, d.pop("token_type", UNSET))
        if token_type != "Bearer" and not isinstance(token_type, Unset):
            raise ValueError(f"token_type must match const 'Bearer', got '{token_type}'")

        login_result = cls(
            access_expires_at=access_expires_at,
            access_token=access_token,
            expires_in=expires_in,
            refresh_token=refresh_token,
            session_id=session_id,
            user=user,
            token_type=token_type,
        )

        login_result.additional_properties = d
        return login_result

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
