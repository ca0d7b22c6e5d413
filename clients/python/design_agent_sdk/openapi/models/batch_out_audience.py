from enum import StrEnum


class BatchOutAudience(StrEnum):
    EVERYONE = "everyone"
    USERS = "users"

    def __str__(self) -> str:
        return str(self.value)
