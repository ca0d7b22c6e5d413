from enum import StrEnum


class ShapeElementShape(StrEnum):
    ELLIPSE = "ellipse"
    LINE = "line"
    RECTANGLE = "rectangle"

    def __str__(self) -> str:
        return str(self.value)
