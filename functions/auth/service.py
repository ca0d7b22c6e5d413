"""The Auth service as data: tokens, sessions, revocation, signing keys, machine clients (seed 3.7)."""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Auth,
    Index,
    Operation,
    Secret,
    SecretAccess,
    Service,
    SourceLimit,
    Table,
    TableAccess,
    Throttle,
    Trigger,
    health_operation,
)

AUTH_TABLE = Table(name="auth", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),), ttl="expires_at")
SIGNING_KEYS = Secret("jwt-signing-keys")

_H = "functions.auth.handlers"
_READ: dict[str, TableAccess] = {"auth": "read"}
_WRITE: dict[str, TableAccess] = {"auth": "write"}
_KEYS: dict[str, SecretAccess] = {"jwt-signing-keys": "read"}
_ROTATE: dict[str, SecretAccess] = {"jwt-signing-keys": "rotate"}
# per client address on the public token routes: at most half of the refresh route's burst, so one client cannot
# spend it for everyone (WAF's lowest limit is 10 per window)
_PER_SOURCE = SourceLimit(requests=10, window_s=60)
# a revocation closes the WebSocket connections opened with the revoked tokens (the Notification service's)
_CLOSES = ("notifications.CloseConnections",)

SERVICE = Service(
    name="auth",
    layer_groups=("tokens",),
    tables=(AUTH_TABLE,),
    secrets=(SIGNING_KEYS,),
    operations=(
        Operation("Authorizer", f"{_H}.authorizer", trigger=Trigger.AUTHORIZER, tables=_READ, secrets=_KEYS,
                  memory_mb=1024),
        Operation("Refresh", f"{_H}.refresh", method="POST", path="/api/v1/auth/refresh", auth=Auth.NONE,
                  tables=_WRITE, secrets=_KEYS, throttle=Throttle(rate_rps=10, burst=20), source_limit=_PER_SOURCE,
                  invokes=_CLOSES),
        Operation("Logout", f"{_H}.logout", method="POST", path="/api/v1/auth/logout", tables=_WRITE,
                  invokes=_CLOSES),
        Operation("ListSessions", f"{_H}.list_sessions", method="GET", path="/api/v1/auth/sessions",
                  tables=_READ),
        Operation("RevokeSession", f"{_H}.revoke_session", method="DELETE",
                  path="/api/v1/auth/sessions/{session_id}", tables=_WRITE, invokes=_CLOSES),
        Operation("Jwks", f"{_H}.jwks", method="GET", path="/api/v1/auth/jwks.json", auth=Auth.NONE,
                  secrets=_KEYS),
        Operation("VerifyToken", f"{_H}.verify_token", method="POST", path="/api/v1/auth/verify",
                  auth=Auth.NONE, tables=_READ, secrets=_KEYS, source_limit=SourceLimit(requests=60, window_s=60)),
        Operation("CheckPermission", f"{_H}.check_permission", method="POST",
                  path="/api/v1/auth/check-permission"),
        # machine clients (the algorithm side) and their client-credentials tokens
        Operation("CreateClient", f"{_H}.create_client", method="POST", path="/api/v1/auth/clients",
                  auth=Auth.ADMIN, tables=_WRITE),
        Operation("ListClients", f"{_H}.list_clients", method="GET", path="/api/v1/auth/clients", auth=Auth.ADMIN,
                  tables=_READ, secrets=PAGES),
        Operation("DisableClient", f"{_H}.disable_client", method="DELETE",
                  path="/api/v1/auth/clients/{client_id}", auth=Auth.ADMIN, tables=_WRITE),
        Operation("IssueClientToken", f"{_H}.issue_client_token", method="POST", path="/api/v1/auth/token",
                  auth=Auth.NONE, tables=_READ, secrets=_KEYS, source_limit=_PER_SOURCE),
        Operation("RegisterClient", f"{_H}.register_client", trigger=Trigger.INTERNAL, tables=_WRITE),
        Operation("IssueSession", f"{_H}.issue_session", trigger=Trigger.INTERNAL, tables=_WRITE,
                  secrets=_KEYS),
        Operation("SyncUser", f"{_H}.sync_user", trigger=Trigger.INTERNAL, tables=_WRITE, invokes=_CLOSES),
        Operation("RotateSigningKeys", f"{_H}.rotate_signing_keys", trigger=Trigger.SECRET_ROTATION,
                  secrets=_ROTATE, timeout_s=30),
        health_operation("auth", (AUTH_TABLE,)),
    ),
)
