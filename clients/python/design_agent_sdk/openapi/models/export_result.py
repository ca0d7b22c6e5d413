from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.export_result_kind import ExportResultKind
from ..models.export_result_status import ExportResultStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportResult")


@_attrs_define
class ExportResult:
    """The stored PNG, and what could not be drawn as the document asks.

    Attributes:
        content_type (str):
        created_at (datetime.datetime):
        file_id (str):
        filename (str):
        kind (ExportResultKind):
        status (ExportResultStatus):
        user_id (str):
        confirmed_at (datetime.datetime | None | Unset):
        missing_characters (list[str] | Unset): characters no font has (the element's, the poster's other fonts, the
            bundled ones): left out
        missing_fonts (list[str] | Unset): font ids that could not be used
        missing_images (list[str] | Unset): image ids drawn as a placeholder
        reason (None | str | Unset):
        size (int | None | Unset):
        url (None | str | Unset):
        url_expires_at (datetime.datetime | None | Unset):
    """

    content_type: str
    created_at: datetime.datetime
    file_id: str
    filename: str
    kind: ExportResultKind
    status: ExportResultStatus
    user_id: str
    confirmed_at: datetime.datetime | None | Unset = UNSET
    missing_characters: list[str] | Unset = UNSET
    missing_fonts: list[str] | Unset = UNSET
    missing_images: list[str] | Unset = UNSET
    reason: None | str | Unset = UNSET
    size: int | None | Unset = UNSET
    url: None | str | Unset = UNSET
    url_expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        created_at = self.created_at.isoformat()

        file_id = self.file_id

        filename = self.filename

        kind = self.kind.value

        status = self.status.value

        user_id = self.user_id

        confirmed_at: None | str | Unset
        if isinstance(self.confirmed_at, Unset):
            confirmed_at = UNSET
        elif isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        missing_characters: list[str] | Unset = UNSET
        if not isinstance(self.missing_characters, Unset):
            missing_characters = self.missing_characters

        missing_fonts: list[str] | Unset = UNSET
        if not isinstance(self.missing_fonts, Unset):
            missing_fonts = self.missing_fonts

        missing_images: list[str] | Unset = UNSET
        if not isinstance(self.missing_images, Unset):
            missing_images = self.missing_images

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        url_expires_at: None | str | Unset
        if isinstance(self.url_expires_at, Unset):
            url_expires_at = UNSET
        elif isinstance(self.url_expires_at, datetime.datetime):
            url_expires_at = self.url_expires_at.isoformat()
        else:
            url_expires_at = self.url_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_type": content_type,
                "created_at": created_at,
                "file_id": file_id,
                "filename": filename,
                "kind": kind,
                "status": status,
                "user_id": user_id,
            }
        )
        if confirmed_at is not UNSET:
            field_dict["confirmed_at"] = confirmed_at
        if missing_characters is not UNSET:
            field_dict["missing_characters"] = missing_characters
        if missing_fonts is not UNSET:
            field_dict["missing_fonts"] = missing_fonts
        if missing_images is not UNSET:
            field_dict["missing_images"] = missing_images
        if reason is not UNSET:
            field_dict["reason"] = reason
        if size is not UNSET:
            field_dict["size"] = size
        if url is not UNSET:
            field_dict["url"] = url
        if url_expires_at is not UNSET:
            field_dict["url_expires_at"] = url_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        file_id = d.pop("file_id")

        filename = d.pop("filename")

        kind = ExportResultKind(d.pop("kind"))

        status = ExportResultStatus(d.pop("status"))

        user_id = d.pop("user_id")

        def _parse_confirmed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at", UNSET))

        missing_characters = cast(list[str], d.pop("missing_characters", UNSET))

        missing_fonts = cast(list[str], d.pop("missing_fonts", UNSET))

        missing_images = cast(list[str], d.pop("missing_images", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        def _parse_url_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                url_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return url_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        url_expires_at = _parse_url_expires_at(d.pop("url_expires_at", UNSET))

        export_result = cls(
            content_type=content_type,
            created_at=created_at,
            file_id=file_id,
            filename=filename,
            kind=kind,
            status=status,
            user_id=user_id,
            confirmed_at=confirmed_at,
            missing_characters=missing_characters,
            missing_fonts=missing_fonts,
            missing_images=missing_images,
            reason=reason,
            size=size,
            url=url,
            url_expires_at=url_expires_at,
        )

        export_result.additional_properties = d
        return export_result

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
