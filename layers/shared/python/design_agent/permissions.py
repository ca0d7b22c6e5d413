"""Role -> permissions, the one table both the User and Auth services consult.

Ownership ("is this poster yours?") is not here: each service checks it on its own data.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    VIP = "vip"
    ADMIN = "admin"
    WORKER = "worker"  # machine clients of the algorithm side


_BASE = frozenset({
    "users:read:self", "users:update:self", "quota:read:self",
    "tasks:create", "tasks:read", "tasks:cancel", "tasks:retry",
    "designs:create", "designs:read", "designs:update", "designs:delete",
    "templates:read", "templates:create",
    "storage:upload", "storage:read", "storage:delete",
    "notifications:read",
})

PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.USER: _BASE,
    Role.VIP: _BASE | {"templates:publish", "tasks:priority"},
    Role.ADMIN: _BASE | {"templates:publish", "tasks:priority", "users:read:any", "users:update:any",
                         "users:block", "notifications:broadcast", "admin:*"},
    Role.WORKER: frozenset({"tasks:work"}),
}


def allowed(role: str, resource: str, action: str) -> bool:
    """``allowed("user", "tasks", "create")``; ``resource:action`` or ``resource:action:scope``."""
    try:
        granted = PERMISSIONS[Role(role)]
    except ValueError:
        return False
    wanted = f"{resource}:{action}"
    return wanted in granted or any(p.startswith(wanted + ":") for p in granted) or "admin:*" in granted
