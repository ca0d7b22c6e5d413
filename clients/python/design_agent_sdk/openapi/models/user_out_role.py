from enum import StrEnum


class UserOutRole(StrEnum):
    ADMIN = "admin"
    USER = "user"
    VIP = "vip"

    def __str__(self) -> str:
        return str(self.value)
