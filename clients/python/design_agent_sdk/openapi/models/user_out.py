from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_out_role import UserOutRole
from ..models.user_out_status import UserOutStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quota_out import QuotaOut


T = TypeVar("T", bound="UserOut")


@_attrs_define
class UserOut:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        id (str):
        quota (QuotaOut):
        role (UserOutRole):
        status (UserOutStatus):
        updated_at (datetime.datetime):
        username (str):
        avatar (None | str | Unset):
    """

    created_at: datetime.datetime
    email: str
    id: str
    quota: QuotaOut
    role: UserOutRole
    status: UserOutStatus
    updated_at: datetime.datetime
    username: str
    avatar: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        id = self.id

        quota = self.quota.to_dict()

        role = self.role.value

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        username = self.username

        avatar: None | str | Unset
        if isinstance(self.avatar, Unset):
            avatar = UNSET
        else:
            avatar = self.avatar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "quota": quota,
                "role": role,
                "status": status,
                "updated_at": updated_at,
                "username": username,
            }
        )
        if avatar is not UNSET:
            field_dict["avatar"] = avatar

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quota_out import QuotaOut  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        id = d.pop("id")

        quota = QuotaOut.from_dict(d.pop("quota"))

        role = UserOutRole(d.pop("role"))

        status = UserOutStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        username = d.pop("username")

        def _parse_avatar(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar = _parse_avatar(d.pop("avatar", UNSET))

        user_out = cls(
            created_at=created_at,
            email=email,
            id=id,
            quota=quota,
            role=role,
            status=status,
            updated_at=updated_at,
            username=username,
            avatar=avatar,
        )

        user_out.additional_properties = d
        return user_out

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
