from enum import StrEnum


class SmartCropRequestFormatType0(StrEnum):
    AVIF = "avif"
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"

    def __str__(self) -> str:
        return str(self.value)
