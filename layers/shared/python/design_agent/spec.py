"""The service description: what a service *is*, declared once as data.

Two renderers read it: ``infra/cdk`` (AWS resources) and ``local_platform``
(emulated resources and in-process wiring). Handlers read it too, so a route's
method and path are written in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

PROJECT = "design-agent"


def kebab(name: str) -> str:
    """``ConsumeQuota`` -> ``consume-quota``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def handler_in(package: str, operation: str) -> str:
    """The conventional handler module of an operation: ``handler_in("functions.x.handlers", "GetTask")`` ->
    ``functions.x.handlers.get_task``."""
    return f"{package}.{kebab(operation).replace('-', '_')}"


def resource_name(stage: str, *parts: str) -> str:
    """The one naming rule for physical names: ``design-agent-<stage>-<parts...>``."""
    return "-".join((PROJECT, stage, *parts))


class Auth(StrEnum):
    """Who may call an HTTP operation (enforced by the API Gateway authorizer and the handler)."""

    NONE = "none"  # public
    USER = "user"  # any signed-in principal with a valid access token
    ADMIN = "admin"  # a user whose role is admin (checked again by the handler)
    WORKER = "worker"  # a machine client (client-credentials token)


class Trigger(StrEnum):
    HTTP = "http"  # API Gateway REST, Lambda proxy integration
    INTERNAL = "internal"  # lambda.invoke from another service
    AUTHORIZER = "authorizer"  # API Gateway REQUEST authorizer
    QUEUE = "queue"  # SQS event source mapping
    STREAM = "stream"  # DynamoDB stream event source mapping
    SCHEDULE = "schedule"  # EventBridge schedule
    SECRET_ROTATION = "secret-rotation"  # Secrets Manager rotation
    WEBSOCKET = "websocket"  # API Gateway WebSocket route ($connect, $disconnect, $default or an action)


@dataclass(frozen=True)
class Index:
    """A secondary index. A global one projects every attribute. A local one (``local=True``) shares the table's
    partition key (``pk`` names it), can be read with strong consistency and projects only the keys and the
    attributes in ``include``: it exists to find some items of one partition without reading the rest (e.g. the
    elements of one layer of a poster)."""

    name: str
    pk: str
    sk: str | None = None
    local: bool = False
    include: tuple[str, ...] = ()  # a local index's non-key attributes


@dataclass(frozen=True)
class Table:
    """A DynamoDB table owned by one service. Keys are strings."""

    name: str  # logical name, unique across the platform
    pk: str = "pk"
    sk: str | None = "sk"
    indexes: tuple[Index, ...] = ()
    ttl: str | None = None
    stream: Literal["NEW_IMAGE", "NEW_AND_OLD_IMAGES"] | None = None

    @property
    def env_var(self) -> str:
        return f"{self.name.upper().replace('-', '_')}_TABLE"

    def physical_name(self, stage: str) -> str:
        return resource_name(stage, self.name)


DLQ_SUFFIX = "-dlq"


@dataclass(frozen=True)
class Queue:
    """An SQS queue with its DLQ. ``<name>-dlq`` names the DLQ wherever a queue name is expected."""

    name: str
    visibility_timeout_s: int = 60
    max_receive_count: int = 5  # receives before the message moves to the DLQ
    external_consumers: bool = False  # read by processes outside Lambda (the algorithm workers)
    oldest_message_alarm_s: int | None = None  # alarm when the oldest message is older than this

    @property
    def env_var(self) -> str:
        return f"{self.name.upper().replace('-', '_')}_QUEUE_URL"

    @property
    def dlq(self) -> str:
        """The logical name of the DLQ (usable as an operation's ``source`` or in ``sends``)."""
        return f"{self.name}{DLQ_SUFFIX}"

    @property
    def dlq_env_var(self) -> str:
        return f"{self.dlq.upper().replace('-', '_')}_QUEUE_URL"

    def physical_name(self, stage: str) -> str:
        return resource_name(stage, self.name)

    def dlq_name(self, stage: str) -> str:
        return resource_name(stage, self.name, "dlq")


@dataclass(frozen=True)
class EventRule:
    """An EventBridge rule on the platform bus that delivers matching events to a queue of the same service."""

    name: str
    detail_types: tuple[str, ...]
    queue: str
    sources: tuple[str, ...] = ()  # service names; empty: any source

    @property
    def event_sources(self) -> list[str]:
        return [f"{PROJECT}.{source}" for source in self.sources]

    def pattern(self) -> dict[str, list[str]]:
        """The EventBridge event pattern, as both renderers install it."""
        pattern = {"detail-type": list(self.detail_types)}
        if self.sources:
            pattern["source"] = self.event_sources
        return pattern

    def physical_name(self, stage: str) -> str:
        return resource_name(stage, self.name)


@dataclass(frozen=True)
class Secret:
    name: str  # logical name, e.g. "jwt-signing-keys"
    # written by a rotation function of its service (False: the random value it is created with is the secret)
    rotated: bool = True

    @property
    def env_var(self) -> str:
        return f"{self.name.upper().replace('-', '_')}_SECRET_ID"

    def physical_name(self, stage: str) -> str:
        return f"{PROJECT}/{stage}/{self.name}"


@dataclass(frozen=True)
class Bucket:
    """An S3 bucket owned by one service."""

    name: str  # logical name, e.g. "files"
    browser_upload: bool = False  # CORS for presigned POST from browsers
    notify_queue: str | None = None  # queue (of the same service) that receives ObjectCreated events
    notify_prefix: str = ""
    expire_prefix: str | None = None  # lifecycle: objects under this prefix expire after expire_days
    expire_days: int = 1
    cdn: bool = False  # served through CloudFront (origin access control) in stages that enable it

    @property
    def env_var(self) -> str:
        return f"{self.name.upper().replace('-', '_')}_BUCKET"

    def physical_name(self, stage: str, account: str = "") -> str:
        """Bucket names are global: the account id (when known) keeps them unique."""
        return resource_name(stage, self.name, *([account] if account else []))


@dataclass(frozen=True)
class EmailTemplate:
    """An SES template (``{{name}}`` placeholders) owned by one service; both renderers create it."""

    name: str  # logical name, e.g. "task-failed"
    subject: str
    text: str
    html: str

    def physical_name(self, stage: str) -> str:
        return resource_name(stage, self.name)


@dataclass(frozen=True)
class Throttle:
    """A token bucket: ``rate_rps`` requests per second on average, bursts of up to ``burst``."""

    rate_rps: float
    burst: int


WAF_WINDOWS_S = (60, 120, 300, 600)  # the evaluation windows a WAF rate-based rule may look back over
WAF_MIN_LIMIT = 10  # the lowest limit a WAF rate-based rule takes


@dataclass(frozen=True)
class SourceLimit:
    """How many requests one client address may send to one public route per window (docs/decisions.md,
    "per-source limits"): a WAF rate-based rule per IP and route in every stage; locally, a token bucket per
    address and route in the gateway (``requests`` tokens, refilled over ``window_s``). Checked before the route's
    and the stage's shared buckets, so one client cannot spend them for everyone."""

    requests: int
    window_s: int = 60

    def __post_init__(self) -> None:
        if self.window_s not in WAF_WINDOWS_S or self.requests < WAF_MIN_LIMIT:
            raise ValueError(f"a SourceLimit is at least {WAF_MIN_LIMIT} requests per one of {WAF_WINDOWS_S} s "
                             "(what a WAF rate-based rule can express)")

    @property
    def bucket(self) -> Throttle:
        return Throttle(rate_rps=self.requests / self.window_s, burst=self.requests)


# every public route has a per-source limit: its own, or this one (cheap reads: health, keys, the document)
PUBLIC_SOURCE_LIMIT = SourceLimit(requests=300, window_s=60)

# the per-user token buckets (GCRA, one item per user; docs/decisions.md, "Per-user rate limit"): owned by the
# gateway service, written only by the shared HTTP layer (``design_agent.rate_limits``) of ``user_rate_limited`` ops
RATE_LIMITS_TABLE = Table(name="rate-limits", sk=None, ttl="expires_at")

TableAccess = Literal["read", "write"]
BucketAccess = Literal["read", "write"]
SecretAccess = Literal["read", "rotate"]


@dataclass(frozen=True)
class Operation:
    """One Lambda function. ``handler`` is the dotted module path of its handler module."""

    name: str
    handler: str
    trigger: Trigger = Trigger.HTTP
    method: str | None = None
    path: str | None = None
    auth: Auth = Auth.USER
    # least privilege: what this operation may touch
    tables: dict[str, TableAccess] = field(default_factory=dict)
    secrets: dict[str, SecretAccess] = field(default_factory=dict)
    buckets: dict[str, BucketAccess] = field(default_factory=dict)
    invokes: tuple[str, ...] = ()  # "service.Operation" of internal operations it calls
    publishes: bool = False  # puts events on the platform bus
    source: str | None = None  # queue name (QUEUE; ``<queue>-dlq`` for its DLQ) or table name (STREAM)
    sends: tuple[str, ...] = ()  # queues (of the same service) it sends messages to
    watches: tuple[str, ...] = ()  # queues (of the same service) whose depth it reads (health), with their DLQs
    route: str | None = None  # WEBSOCKET: the route key
    throttle: Throttle | None = None  # HTTP: a stricter limit for this route than the stage's
    source_limit: SourceLimit | None = None  # HTTP, public: per client address (default PUBLIC_SOURCE_LIMIT)
    manages_connections: bool = False  # posts to / deletes WebSocket connections (@connections API)
    sends_email: bool = False  # sends mail through SES
    schedule_minutes: int | None = None  # SCHEDULE
    batch_size: int = 10
    retry_attempts: int = 3  # STREAM: retries of a failing batch; -1 until the record expires (an outbox)
    timeout_s: int = 10
    memory_mb: int = 512
    layer: str | None = None  # an extra Lambda layer (a key of ``EXTRA_LAYERS``) on top of the shared one

    @property
    def function_id(self) -> str:
        return kebab(self.name)

    @property
    def handler_entry(self) -> str:
        return f"{self.handler}.handler"

    @property
    def resolver_path(self) -> str:
        """The path in Powertools' syntax: ``/users/{user_id}`` -> ``/users/<user_id>``."""
        if self.path is None:
            raise ValueError(f"{self.name} has no HTTP path")
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)

    @property
    def per_source_limit(self) -> SourceLimit | None:
        """The per-client-address limit of a public HTTP route (signed-in routes have the per-user limit)."""
        if self.trigger is not Trigger.HTTP or self.auth is not Auth.NONE:
            return None
        return self.source_limit or PUBLIC_SOURCE_LIMIT

    @property
    def user_rate_limited(self) -> bool:
        """HTTP operations for signed-in users take a token from the caller's per-user bucket (docs/decisions.md,
        "Per-user rate limit"): both renderers give them ``RATE_LIMITS_TABLE`` (UpdateItem only) and the stage's
        per-user limit. Worker routes, public routes and internal operations are not limited per user."""
        return self.trigger is Trigger.HTTP and self.auth in (Auth.USER, Auth.ADMIN)


@dataclass(frozen=True)
class Service:
    name: str
    operations: tuple[Operation, ...]
    tables: tuple[Table, ...] = ()
    queues: tuple[Queue, ...] = ()
    secrets: tuple[Secret, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    rules: tuple[EventRule, ...] = ()
    email_templates: tuple[EmailTemplate, ...] = ()
    # optional-dependency groups of pyproject.toml its shared layer carries besides the base dependencies
    # (``tokens``, ``passwords``, ``fonts``): a layer holds what its functions use, and no more
    layer_groups: tuple[str, ...] = ()

    def operation(self, name: str) -> Operation:
        for op in self.operations:
            if op.name == name:
                return op
        raise KeyError(f"{self.name} has no operation {name}")

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"{self.name} has no table {name}")

    def function_name(self, stage: str, operation: str) -> str:
        return function_name(stage, self.name, operation)

    def queue(self, name: str) -> Queue:
        """The queue of that logical name; ``<queue>-dlq`` gives the queue whose DLQ it is."""
        base = name.removesuffix(DLQ_SUFFIX)
        for queue in self.queues:
            if queue.name == base:
                return queue
        raise KeyError(f"{self.name} has no queue {name}")

    @property
    def http_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.trigger is Trigger.HTTP)

    @property
    def websocket_operations(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.trigger is Trigger.WEBSOCKET)


# extra layers: name -> the optional-dependency group of pyproject.toml whose packages it carries
EXTRA_LAYERS = {"media": "media", "typefaces": "typefaces"}

HEALTH_HANDLER = "functions.health"


def health_operation(service: str, tables: tuple[Table, ...], queues: tuple[Queue, ...] = ()) -> Operation:
    """``GET /api/v1/<service>/health``: the service's own tables and queues answer (one shared handler)."""
    return Operation("ServiceHealth", HEALTH_HANDLER, method="GET", path=f"/api/v1/{service}/health",
                     auth=Auth.NONE, tables={t.name: "read" for t in tables}, watches=tuple(q.name for q in queues),
                     memory_mb=256)


def function_name(stage: str, service: str, operation: str) -> str:
    """Physical Lambda name; deterministic so callers can address internal operations."""
    return resource_name(stage, service, kebab(operation))


def config_prefix(stage: str) -> str:
    """Where the stage's configuration parameters live: ``<prefix>/<service>/<SETTING>`` and ``<prefix>/shared/``."""
    return f"/{PROJECT}/{stage}"


def event_bus_name(stage: str) -> str:
    return resource_name(stage)
