from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.check_kind import CheckKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="Check")


@_attrs_define
class Check:
    """
    Attributes:
        detail (str):
        kind (CheckKind):
        name (str):
        ok (bool):
        dead_letters (int | None | Unset):
        messages (int | None | Unset):
    """

    detail: str
    kind: CheckKind
    name: str
    ok: bool
    dead_letters: int | None | Unset = UNSET
    messages: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        kind = self.kind.value

        name = self.name

        ok = self.ok

        dead_letters: int | None | Unset
        if isinstance(self.dead_letters, Unset):
            dead_letters = UNSET
        else:
            dead_letters = self.dead_letters

        messages: int | None | Unset
        if isinstance(self.messages, Unset):
            messages = UNSET
        else:
            messages = self.messages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "kind": kind,
                "name": name,
                "ok": ok,
            }
        )
        if dead_letters is not UNSET:
            field_dict["dead_letters"] = dead_letters
        if messages is not UNSET:
            field_dict["messages"] = messages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        kind = CheckKind(d.pop("kind"))

        name = d.pop("name")

        ok = d.pop("ok")

        def _parse_dead_letters(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dead_letters = _parse_dead_letters(d.pop("dead_letters", UNSET))

        def _parse_messages(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        messages = _parse_messages(d.pop("messages", UNSET))

        check = cls(
            detail=detail,
            kind=kind,
            name=name,
            ok=ok,
            dead_letters=dead_letters,
            messages=messages,
        )

        check.additional_properties = d
        return check

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
