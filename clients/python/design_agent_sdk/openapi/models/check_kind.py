from enum import StrEnum


class CheckKind(StrEnum):
    QUEUE = "queue"
    TABLE = "table"

    def __str__(self) -> str:
        return str(self.value)
