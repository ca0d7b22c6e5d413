from enum import StrEnum


class UploadTokenRequestKind(StrEnum):
    ASSET = "asset"
    EXPORT = "export"
    FONT = "font"
    IMAGE = "image"
    OTHER = "other"
    PREVIEW = "preview"

    def __str__(self) -> str:
        return str(self.value)
