from enum import StrEnum


class ResizeRequestColor(StrEnum):
    KEEP = "keep"
    SRGB = "srgb"

    def __str__(self) -> str:
        return str(self.value)
