from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.upload_token_fields import UploadTokenFields


T = TypeVar("T", bound="UploadToken")


@_attrs_define
class UploadToken:
    """A presigned S3 POST: send ``fields`` and then the file as multipart form data to ``url``.

    Attributes:
        expires_at (datetime.datetime):
        fields (UploadTokenFields):
        file_id (str):
        max_bytes (int):
        url (str):
    """

    expires_at: datetime.datetime
    fields: UploadTokenFields
    file_id: str
    max_bytes: int
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        fields = self.fields.to_dict()

        file_id = self.file_id

        max_bytes = self.max_bytes

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "fields": fields,
                "file_id": file_id,
                "max_bytes": max_bytes,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.upload_token_fields import UploadTokenFields  # noqa: PLC0415

        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        fields = UploadTokenFields.from_dict(d.pop("fields"))

        file_id = d.pop("file_id")

        max_bytes = d.pop("max_bytes")

        url = d.pop("url")

        upload_token = cls(
            expires_at=expires_at,
            fields=fields,
            file_id=file_id,
            max_bytes=max_bytes,
            url=url,
        )

        upload_token.additional_properties = d
        return upload_token

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
