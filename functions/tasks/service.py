"""The Task service as data: generation tasks, their state machine, the outbox and dispatch (seed 3.3, 4.2)."""

from design_agent.cursors import PAGES
from design_agent.spec import (
    Auth,
    EventRule,
    Index,
    Operation,
    Queue,
    Service,
    Table,
    TableAccess,
    Trigger,
    handler_in,
    health_operation,
)

TASKS_TABLE = Table(
    name="tasks",
    indexes=(
        Index("gsi1", "gsi1pk", "gsi1sk"),  # a user's tasks, newest first (sk: created_at#task_id)
        Index("gsi2", "gsi2pk", "gsi2sk"),  # a user's tasks of one status, newest first
        Index("gsi3", "gsi3pk", "gsi3sk"),  # sparse: what the sweep must look at (pending / running), by due time
    ),
    stream="NEW_AND_OLD_IMAGES",  # the outbox: every task event is published from the stream
)
# Powertools idempotency records of CreateTask (Idempotency-Key header), expired by TTL
TASK_REQUESTS_TABLE = Table(name="task-requests", pk="id", sk=None, ttl="expiration")
# Workers outside Lambda read it; a message received max_receive_count times without being deleted moves to
# the DLQ, whose consumer fails the task and refunds its quota.
DISPATCH_QUEUE = Queue("task-dispatch", visibility_timeout_s=120, max_receive_count=5, external_consumers=True,
                       oldest_message_alarm_s=600)
DISPATCH_RULE = EventRule("task-dispatch", detail_types=("TaskQueued",), queue=DISPATCH_QUEUE.name,
                          sources=("tasks",))

_H = "functions.tasks.handlers"
_P = "/api/v1/tasks"
_READ: dict[str, TableAccess] = {"tasks": "read"}
_PREVIEWS = ("storage.ResolveFiles",)
_WRITE: dict[str, TableAccess] = {"tasks": "write"}
_REFUND = ("users.RefundQuota",)


def _op(name: str, method: str, path: str, access: dict[str, TableAccess] = _WRITE, **kw: object) -> Operation:
    return Operation(name, handler_in(_H, name), method=method, path=path, tables=access, **kw)  # type: ignore[arg-type]


SERVICE = Service(
    name="tasks",
    tables=(TASKS_TABLE, TASK_REQUESTS_TABLE),
    queues=(DISPATCH_QUEUE,),
    rules=(DISPATCH_RULE,),
    operations=(
        # the user's side
        _op("CreateTask", "POST", _P, {"tasks": "write", "task-requests": "write"},
            invokes=("users.ConsumeQuota", "users.RefundQuota", "storage.ResolveFiles", "designs.ResolveTemplate"),
            timeout_s=20),
        # a finished task's preview URL is made at each read (presigned URLs expire)
        _op("ListTasks", "GET", _P, _READ, invokes=_PREVIEWS, secrets=PAGES),
        _op("GetTask", "GET", f"{_P}/{{task_id}}", _READ, invokes=_PREVIEWS),
        _op("GetTaskStatus", "GET", f"{_P}/{{task_id}}/status", _READ, invokes=_PREVIEWS),
        _op("CancelTask", "POST", f"{_P}/{{task_id}}/cancel", invokes=_REFUND),
        _op("RetryTask", "POST", f"{_P}/{{task_id}}/retry", invokes=("users.ConsumeQuota", "users.RefundQuota")),
        # the algorithm side (machine clients holding a client-credentials token)
        _op("ClaimTask", "POST", f"{_P}/{{task_id}}/claim", auth=Auth.WORKER, invokes=("storage.ResolveFiles",)),
        _op("UpdateProgress", "POST", f"{_P}/{{task_id}}/progress", auth=Auth.WORKER),
        _op("StoreTaskOutput", "POST", f"{_P}/{{task_id}}/outputs", auth=Auth.WORKER,
            invokes=("storage.StoreFile",), timeout_s=29, memory_mb=1024),
        _op("CreateTaskPoster", "POST", f"{_P}/{{task_id}}/poster", auth=Auth.WORKER,
            invokes=("designs.ImportPoster",), timeout_s=20),
        _op("CompleteTask", "POST", f"{_P}/{{task_id}}/complete", auth=Auth.WORKER, invokes=("storage.ResolveFiles",)),
        _op("FailTask", "POST", f"{_P}/{{task_id}}/fail", auth=Auth.WORKER, invokes=_REFUND),
        # the platform's side
        Operation("PublishTaskEvents", f"{_H}.publish_task_events", trigger=Trigger.STREAM,
                  source=TASKS_TABLE.name, publishes=True, batch_size=50,
                  retry_attempts=-1),  # an outbox: retried until it is published
        Operation("SweepTasks", f"{_H}.sweep_tasks", trigger=Trigger.SCHEDULE, schedule_minutes=1,
                  tables=_WRITE, invokes=_REFUND, timeout_s=120),
        Operation("FailUndeliveredTasks", f"{_H}.fail_undelivered_tasks", trigger=Trigger.QUEUE,
                  source=DISPATCH_QUEUE.dlq, tables=_WRITE, invokes=_REFUND, batch_size=10, timeout_s=60),
        health_operation("tasks", (TASKS_TABLE, TASK_REQUESTS_TABLE), (DISPATCH_QUEUE,)),
    ),
)
