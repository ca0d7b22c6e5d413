from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchRequest")


@_attrs_define
class BatchRequest:
    """
    Attributes:
        title (str):
        all_users (bool | Unset):  Default: False.
        body (str | Unset):  Default: ''.
        user_ids (list[str] | Unset):
    """

    title: str
    all_users: bool | Unset = False
    body: str | Unset = ""
    user_ids: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        all_users = self.all_users

        body = self.body

        user_ids: list[str] | Unset = UNSET
        if not isinstance(self.user_ids, Unset):
            user_ids = self.user_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
            }
        )
        if all_users is not UNSET:
            field_dict["all_users"] = all_users
        if body is not UNSET:
            field_dict["body"] = body
        if user_ids is not UNSET:
            field_dict["user_ids"] = user_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        all_users = d.pop("all_users", UNSET)

        body = d.pop("body", UNSET)

        user_ids = cast(list[str], d.pop("user_ids", UNSET))

        batch_request = cls(
            title=title,
            all_users=all_users,
            body=body,
            user_ids=user_ids,
        )

        return batch_request
