"""The Notification service as data: WebSocket connections, the durable inbox, e-mail and batch sends (seed 3.6)."""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Auth,
    EmailTemplate,
    EventRule,
    Index,
    Operation,
    Queue,
    SecretAccess,
    Service,
    Table,
    TableAccess,
    Trigger,
    handler_in,
    health_operation,
)

# a connection per item, by user in gsi1; expires with API Gateway's two-hour connection limit
CONNECTIONS_TABLE = Table(name="connections", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),), ttl="expires_at")
# per user: inbox messages (newest last by ULID), the unread counter, preferences, event markers; batches
INBOX_TABLE = Table(name="inbox", ttl="expires_at")
TASK_EVENTS_QUEUE = Queue("notification-task-events", visibility_timeout_s=60, max_receive_count=5)
BATCH_QUEUE = Queue("notification-batches", visibility_timeout_s=180, max_receive_count=5)
MEDIA_EVENTS_QUEUE = Queue("notification-media-events", visibility_timeout_s=60, max_receive_count=5)
TASK_EVENTS_RULE = EventRule("notification-task-events",
                             detail_types=("TaskProgressed", "TaskCompleted", "TaskFailed", "TaskCancelled"),
                             queue=TASK_EVENTS_QUEUE.name, sources=("tasks",))
MEDIA_EVENTS_RULE = EventRule("notification-media-events", detail_types=("MediaJobCompleted",),
                              queue=MEDIA_EVENTS_QUEUE.name, sources=("media",))
TASK_COMPLETED_MAIL = EmailTemplate(
    "task-completed", subject="Your poster is ready: {{title}}",
    text="Hello {{username}},\n\nyour poster \"{{title}}\" is ready.\nOpen it: {{link}}\n\nDesign Agent",
    html="<p>Hello {{username}},</p><p>your poster <b>{{title}}</b> is ready.</p>"
         "<p><a href=\"{{link}}\">Open it</a></p><p>Design Agent</p>")
TASK_FAILED_MAIL = EmailTemplate(
    "task-failed", subject="Your poster could not be made: {{title}}",
    text="Hello {{username}},\n\nthe task \"{{title}}\" ({{task_id}}) failed: {{reason}}\n"
         "{{quota_note}}\n\nDesign Agent",
    html="<p>Hello {{username}},</p><p>the task <b>{{title}}</b> ({{task_id}}) failed: {{reason}}</p>"
         "<p>{{quota_note}}</p><p>Design Agent</p>")

# account mails, sent to an address on behalf of the User service (SendEmail): the one-time token is in the data
VERIFY_EMAIL_MAIL = EmailTemplate(
    "verify-email", subject="Confirm your e-mail address for Design Agent",
    text="Hello {{username}},\n\nconfirm this address to finish creating your account: {{link}}\n"
         "(or give the app this code: {{token}})\nIt works once, within {{minutes}} minutes. If you did not sign "
         "up, ignore this mail.\n\nDesign Agent",
    html="<p>Hello {{username}},</p><p><a href=\"{{link}}\">Confirm this address</a> to finish creating your "
         "account (or give the app this code: <code>{{token}}</code>).</p><p>It works once, within {{minutes}} "
         "minutes. If you did not sign up, ignore this mail.</p><p>Design Agent</p>")
ACCOUNT_EXISTS_MAIL = EmailTemplate(
    "account-exists", subject="Someone tried to sign up with your e-mail address",
    text="Hello {{username}},\n\nsomeone (you?) tried to create a Design Agent account with this address, which "
         "has one already. Sign in, or reset your password: {{link}}\nIf it was not you, ignore this mail: your "
         "account is unchanged.\n\nDesign Agent",
    html="<p>Hello {{username}},</p><p>someone (you?) tried to create a Design Agent account with this address, "
         "which has one already. Sign in, or <a href=\"{{link}}\">reset your password</a>.</p><p>If it was not "
         "you, ignore this mail: your account is unchanged.</p><p>Design Agent</p>")
PASSWORD_RESET_MAIL = EmailTemplate(
    "password-reset", subject="Reset your Design Agent password",
    text="Hello {{username}},\n\nchoose a new password here: {{link}}\n(or give the app this code: {{token}})\n"
         "It works once, within {{minutes}} minutes, and signs you out everywhere. If you did not ask for it, "
         "ignore this mail.\n\nDesign Agent",
    html="<p>Hello {{username}},</p><p><a href=\"{{link}}\">Choose a new password</a> (or give the app this "
         "code: <code>{{token}}</code>).</p><p>It works once, within {{minutes}} minutes, and signs you out "
         "everywhere. If you did not ask for it, ignore this mail.</p><p>Design Agent</p>")
ACCOUNT_MAILS = {t.name: t for t in (VERIFY_EMAIL_MAIL, ACCOUNT_EXISTS_MAIL, PASSWORD_RESET_MAIL)}

_H = "functions.notifications.handlers"
_P = "/api/v1/notifications"
_CONN_READ: dict[str, TableAccess] = {"connections": "read"}
_CONN_WRITE: dict[str, TableAccess] = {"connections": "write"}
_INBOX_READ: dict[str, TableAccess] = {"inbox": "read"}
_INBOX_WRITE: dict[str, TableAccess] = {"inbox": "write"}
_DELIVER: dict[str, TableAccess] = {"inbox": "write", "connections": "write"}
_KEYS: dict[str, SecretAccess] = {"jwt-signing-keys": "read"}


def _ws(name: str, route: str, tables: dict[str, TableAccess], **kw: object) -> Operation:
    return Operation(name, handler_in(_H, name), trigger=Trigger.WEBSOCKET, route=route, tables=tables,
                     **kw)  # type: ignore[arg-type]


def _http(name: str, method: str, path: str, tables: dict[str, TableAccess], **kw: object) -> Operation:
    return Operation(name, handler_in(_H, name), method=method, path=path, tables=tables, **kw)  # type: ignore[arg-type]


SERVICE = Service(
    name="notifications",
    layer_groups=("tokens",),  # $connect verifies the access token
    tables=(CONNECTIONS_TABLE, INBOX_TABLE),
    queues=(TASK_EVENTS_QUEUE, BATCH_QUEUE, MEDIA_EVENTS_QUEUE),
    rules=(TASK_EVENTS_RULE, MEDIA_EVENTS_RULE),
    email_templates=(TASK_COMPLETED_MAIL, TASK_FAILED_MAIL, *ACCOUNT_MAILS.values()),
    operations=(
        # WebSocket routes ($connect authenticates the access token from the query string)
        _ws("Connect", "$connect", {"connections": "write", "auth": "read"}, secrets=_KEYS),
        _ws("Disconnect", "$disconnect", _CONN_WRITE),
        _ws("Default", "$default", _CONN_READ, manages_connections=True),
        _ws("Subscribe", "subscribe", _CONN_WRITE, manages_connections=True),
        _ws("Unsubscribe", "unsubscribe", _CONN_WRITE, manages_connections=True),
        # the inbox (站内信) and preferences
        _http("ListInbox", "GET", f"{_P}/inbox", _INBOX_READ, secrets=PAGES),
        _http("GetUnreadCount", "GET", f"{_P}/inbox/unread-count", _INBOX_READ),
        _http("MarkRead", "POST", f"{_P}/inbox/{{message_id}}/read", _INBOX_WRITE),
        _http("MarkAllRead", "POST", f"{_P}/inbox/read-all", _INBOX_WRITE),
        _http("DeleteMessage", "DELETE", f"{_P}/inbox/{{message_id}}", _INBOX_WRITE),
        _http("GetPreferences", "GET", f"{_P}/preferences", _INBOX_READ),
        _http("UpdatePreferences", "PUT", f"{_P}/preferences", _INBOX_WRITE),
        # batch sends (administrators)
        _http("SendBatch", "POST", f"{_P}/batches", _INBOX_WRITE, auth=Auth.ADMIN, sends=(BATCH_QUEUE.name,)),
        _http("GetBatch", "GET", f"{_P}/batches/{{batch_id}}", _INBOX_READ, auth=Auth.ADMIN),
        # for other services
        Operation("SendRealtime", f"{_H}.send_realtime", trigger=Trigger.INTERNAL, tables=_DELIVER,
                  manages_connections=True, sends_email=True, invokes=("users.GetContacts",)),
        # the Auth service, when it revokes a session or a user's tokens: their open connections are closed
        Operation("CloseConnections", f"{_H}.close_connections", trigger=Trigger.INTERNAL, tables=_CONN_WRITE,
                  manages_connections=True),
        # the User service's account mails (verification, password reset) to an address
        Operation("SendEmail", f"{_H}.send_email", trigger=Trigger.INTERNAL, sends_email=True),
        # consumers
        Operation("ConsumeTaskEvents", f"{_H}.consume_task_events", trigger=Trigger.QUEUE,
                  source=TASK_EVENTS_QUEUE.name, tables=_DELIVER, manages_connections=True, sends_email=True,
                  invokes=("users.GetContacts",), batch_size=10, timeout_s=30),
        Operation("ConsumeMediaEvents", f"{_H}.consume_media_events", trigger=Trigger.QUEUE,
                  source=MEDIA_EVENTS_QUEUE.name, tables=_DELIVER, manages_connections=True, batch_size=10,
                  timeout_s=30),
        Operation("DeliverBatch", f"{_H}.deliver_batch", trigger=Trigger.QUEUE, source=BATCH_QUEUE.name,
                  tables=_DELIVER, manages_connections=True, sends=(BATCH_QUEUE.name,),
                  invokes=("users.ListUserIds", "users.GetContacts"), batch_size=1, timeout_s=120),
        health_operation("notifications", (CONNECTIONS_TABLE, INBOX_TABLE),
                         (TASK_EVENTS_QUEUE, BATCH_QUEUE, MEDIA_EVENTS_QUEUE)),
    ),
)
