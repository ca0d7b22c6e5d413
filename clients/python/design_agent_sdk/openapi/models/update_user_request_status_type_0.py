from enum import StrEnum


class UpdateUserRequestStatusType0(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return str(self.value)
