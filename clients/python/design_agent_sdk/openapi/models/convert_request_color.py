from enum import StrEnum


class ConvertRequestColor(StrEnum):
    KEEP = "keep"
    SRGB = "srgb"

    def __str__(self) -> str:
        return str(self.value)
