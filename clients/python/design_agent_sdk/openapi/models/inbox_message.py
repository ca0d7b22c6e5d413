from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inbox_message_type import InboxMessageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inbox_message_data import InboxMessageData


T = TypeVar("T", bound="InboxMessage")


@_attrs_define
class InboxMessage:
    """
    Attributes:
        created_at (datetime.datetime):
        message_id (str):
        title (str):
        type_ (InboxMessageType):
        user_id (str):
        body (str | Unset):  Default: ''.
        data (InboxMessageData | Unset):
        read (bool | Unset):  Default: False.
        task_id (None | str | Unset):
    """

    created_at: datetime.datetime
    message_id: str
    title: str
    type_: InboxMessageType
    user_id: str
    body: str | Unset = ""
    data: InboxMessageData | Unset = UNSET
    read: bool | Unset = False
    task_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        message_id = self.message_id

        title = self.title

        type_ = self.type_.value

        user_id = self.user_id

        body = self.body

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        read = self.read

        task_id: None | str | Unset
        if isinstance(self.task_id, Unset):
            task_id = UNSET
        else:
            task_id = self.task_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "message_id": message_id,
                "title": title,
                "type": type_,
                "user_id": user_id,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body
        if data is not UNSET:
            field_dict["data"] = data
        if read is not UNSET:
            field_dict["read"] = read
        if task_id is not UNSET:
            field_dict["task_id"] = task_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inbox_message_data import InboxMessageData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        message_id = d.pop("message_id")

        title = d.pop("title")

        type_ = InboxMessageType(d.pop("type"))

        user_id = d.pop("user_id")

        body = d.pop("body", UNSET)

        _data = d.pop("data", UNSET)
        data: InboxMessageData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = InboxMessageData.from_dict(_data)

        read = d.pop("read", UNSET)

        def _parse_task_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        task_id = _parse_task_id(d.pop("task_id", UNSET))

        inbox_message = cls(
            created_at=created_at,
            message_id=message_id,
            title=title,
            type_=type_,
            user_id=user_id,
            body=body,
            data=data,
            read=read,
            task_id=task_id,
        )

        inbox_message.additional_properties = d
        return inbox_message

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
