"""The User service as data: its operations and tables (seed 3.2)."""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Auth,
    Index,
    Operation,
    Service,
    SourceLimit,
    Table,
    TableAccess,
    Throttle,
    Trigger,
    health_operation,
)

USERS_TABLE = Table(name="users", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),), ttl="expires_at")

_H = "functions.users.handlers"
# unauthenticated and costly (argon2): stricter than the stage's limits, per route, in every stage
PUBLIC_WRITES = Throttle(rate_rps=10, burst=20)
# and per client address: well under the route's burst, so one client cannot spend it for everyone
PER_SOURCE = SourceLimit(requests=10, window_s=60)
_READ: dict[str, TableAccess] = {"users": "read"}
_WRITE: dict[str, TableAccess] = {"users": "write"}

_MAILS = ("notifications.SendEmail",)  # account mails (verification, password reset)

SERVICE = Service(
    name="users",
    layer_groups=("passwords",),
    tables=(USERS_TABLE,),
    operations=(
        Operation("Register", f"{_H}.register", method="POST", path="/api/v1/users/register", auth=Auth.NONE,
                  tables=_WRITE, throttle=PUBLIC_WRITES, source_limit=PER_SOURCE, invokes=_MAILS),
        Operation("VerifyEmail", f"{_H}.verify_email", method="POST", path="/api/v1/users/verify-email",
                  auth=Auth.NONE, tables=_WRITE, throttle=PUBLIC_WRITES, source_limit=PER_SOURCE),
        Operation("RequestPasswordReset", f"{_H}.request_password_reset", method="POST",
                  path="/api/v1/users/password-reset", auth=Auth.NONE, tables=_WRITE, throttle=PUBLIC_WRITES,
                  source_limit=PER_SOURCE, invokes=_MAILS),
        Operation("ResetPassword", f"{_H}.reset_password", method="POST", path="/api/v1/users/password-reset/confirm",
                  auth=Auth.NONE, tables=_WRITE, throttle=PUBLIC_WRITES, source_limit=PER_SOURCE,
                  invokes=("auth.SyncUser",)),
        Operation("Login", f"{_H}.login", method="POST", path="/api/v1/users/login", auth=Auth.NONE,
                  tables=_WRITE, invokes=("auth.IssueSession",), throttle=PUBLIC_WRITES, source_limit=PER_SOURCE),
        Operation("ListUsers", f"{_H}.list_users", method="GET", path="/api/v1/users", auth=Auth.ADMIN,
                  tables=_READ, secrets=PAGES),
        Operation("GetUser", f"{_H}.get_user", method="GET", path="/api/v1/users/{user_id}", tables=_READ),
        Operation("UpdateUser", f"{_H}.update_user", method="PUT", path="/api/v1/users/{user_id}",
                  tables=_WRITE, invokes=("auth.SyncUser",)),
        Operation("GetQuota", f"{_H}.get_quota", method="GET", path="/api/v1/users/{user_id}/quota",
                  tables=_READ),
        Operation("CheckPermission", f"{_H}.check_permission", method="POST",
                  path="/api/v1/users/{user_id}/check-permission", tables=_READ),
        Operation("BlockUser", f"{_H}.block_user", method="POST", path="/api/v1/users/{user_id}/block",
                  auth=Auth.ADMIN, tables=_WRITE, invokes=("auth.SyncUser",)),
        Operation("UnblockUser", f"{_H}.unblock_user", method="POST", path="/api/v1/users/{user_id}/unblock",
                  auth=Auth.ADMIN, tables=_WRITE, invokes=("auth.SyncUser",)),
        Operation("ConsumeQuota", f"{_H}.consume_quota", trigger=Trigger.INTERNAL, tables=_WRITE),
        Operation("ReadQuota", f"{_H}.read_quota", trigger=Trigger.INTERNAL, tables=_READ),
        Operation("RefundQuota", f"{_H}.refund_quota", trigger=Trigger.INTERNAL, tables=_WRITE),
        Operation("CreateAdmin", f"{_H}.create_admin", trigger=Trigger.INTERNAL, tables=_WRITE,
                  invokes=("auth.SyncUser",)),
        Operation("GetContacts", f"{_H}.get_contacts", trigger=Trigger.INTERNAL, tables=_READ),
        Operation("ListUserIds", f"{_H}.list_user_ids", trigger=Trigger.INTERNAL, tables=_READ, secrets=PAGES),
        health_operation("users", (USERS_TABLE,)),
    ),
)
