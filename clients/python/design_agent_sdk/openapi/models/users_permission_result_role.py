from enum import StrEnum


class UsersPermissionResultRole(StrEnum):
    ADMIN = "admin"
    USER = "user"
    VIP = "vip"

    def __str__(self) -> str:
        return str(self.value)
