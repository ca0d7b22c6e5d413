from enum import StrEnum


class UserOutStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return str(self.value)
