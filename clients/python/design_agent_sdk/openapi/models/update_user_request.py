from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.update_user_request_role_type_0 import UpdateUserRequestRoleType0
from ..models.update_user_request_status_type_0 import UpdateUserRequestStatusType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUserRequest")


@_attrs_define
class UpdateUserRequest:
    """
    Attributes:
        avatar (None | str | Unset):
        role (None | Unset | UpdateUserRequestRoleType0):
        status (None | Unset | UpdateUserRequestStatusType0):
        username (None | str | Unset):
    """

    avatar: None | str | Unset = UNSET
    role: None | Unset | UpdateUserRequestRoleType0 = UNSET
    status: None | Unset | UpdateUserRequestStatusType0 = UNSET
    username: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avatar: None | str | Unset
        if isinstance(self.avatar, Unset):
            avatar = UNSET
        else:
            avatar = self.avatar

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, UpdateUserRequestRoleType0):
            role = self.role.value
        else:
            role = self.role

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, UpdateUserRequestStatusType0):
            status = self.status.value
        else:
            status = self.status

        username: None | str | Unset
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avatar is not UNSET:
            field_dict["avatar"] = avatar
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_avatar(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar = _parse_avatar(d.pop("avatar", UNSET))

        def _parse_role(data: object) -> None | Unset | UpdateUserRequestRoleType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = UpdateUserRequestRoleType0(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateUserRequestRoleType0, data)

        role = _parse_role(d.pop("role", UNSET))

        def _parse_status(data: object) -> None | Unset | UpdateUserRequestStatusType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = UpdateUserRequestStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateUserRequestStatusType0, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_username(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        username = _parse_username(d.pop("username", UNSET))

        update_user_request = cls(
            avatar=avatar,
            role=role,
            status=status,
            username=username,
        )

        return update_user_request
