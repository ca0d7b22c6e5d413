"""The only code that touches the Tasks table.

Key layout (one item per task)::

    pk TASK#<task_id>  sk META
    gsi1  USER#<user_id>            / <created_at>#<task_id>    a user's tasks, newest first
    gsi2  USER#<user_id>#<status>   / <created_at>#<task_id>    a user's tasks of one status
    gsi3  SWEEP#<pending|running|refund> / <due time>           sparse: what the scheduled sweep must look at

Every status change is one conditional ``UpdateItem`` whose condition is the transition's "from" side; a
failed condition is reported with the item as it is now (``Conflict`` with the current state).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.clock import iso, stamp
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    from_item,
    is_condition_failure,
    to_item,
    values,
)
from design_agent.observability import correlation_id

from functions.tasks.models.domain import Task

SWEEP_PENDING, SWEEP_RUNNING, SWEEP_REFUND = "SWEEP#pending", "SWEEP#running", "SWEEP#refund"
def _key(task_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"TASK#{task_id}"}, "sk": {"S": "META"}}


def _listing(task: Task) -> dict[str, str]:
    order = f"{stamp(task.created_at)}#{task.task_id}"
    return {"gsi1pk": f"USER#{task.user_id}", "gsi1sk": order,
            "gsi2pk": f"USER#{task.user_id}#{task.status}", "gsi2sk": order}


def task_from_item(item: Mapping[str, Any]) -> Task:
    return Task.model_validate(from_item(item))


class TransitionRefused(Exception):
    """The condition of a transition failed; ``current`` is the task as it is now (None: no such task)."""

    def __init__(self, current: Task | None) -> None:
        super().__init__("transition refused")
        self.current = current


class IfAbsent:
    """A value ``Update`` writes only where the attribute does not exist yet (``if_not_exists``)."""

    def __init__(self, value: Any) -> None:
        self.value = value


class Update:
    """One ``UpdateItem`` built from field assignments (``None`` removes the attribute; a dotted name such as
    ``steps.25`` is a key of a map attribute; an ``IfAbsent`` value keeps what is there)."""

    def __init__(self) -> None:
        self._set: dict[str, Any] = {}
        self._remove: list[str] = []

    def set(self, **fields: Any) -> Update:
        for name, value in fields.items():
            if value is None:
                self._remove.append(name)
            else:
                self._set[name] = value
        return self

    def expression(self) -> tuple[str, dict[str, str], dict[str, Any]]:
        names: dict[str, str] = {}

        def path(name: str) -> str:  # "steps.25" -> "#steps.#steps_25"
            head, *rest = name.split(".")
            names[f"#{head}"] = head
            for key in rest:
                names[f"#{head}_{key}"] = key
            return ".".join([f"#{head}", *(f"#{head}_{key}" for key in rest)])

        def token(name: str) -> str:
            return "set_" + name.replace(".", "_")

        assignments = [f"{path(n)} = if_not_exists({path(n)}, :{token(n)})" if isinstance(v, IfAbsent) else
                       f"{path(n)} = :{token(n)}" for n, v in self._set.items()]
        parts = ["SET " + ", ".join(assignments)] if assignments else []
        if self._remove:
            parts.append("REMOVE " + ", ".join(path(n) for n in self._remove))
        return " ".join(parts), names, values(**{token(n): v.value if isinstance(v, IfAbsent) else v
                                                 for n, v in self._set.items()})


def status_fields(task: Task, status: str, now: datetime) -> dict[str, Any]:
    """The attributes that move with a status: the status index and the sweep index."""
    order = f"{stamp(task.created_at)}#{task.task_id}"
    return {"status": status, "gsi2pk": f"USER#{task.user_id}#{status}", "gsi2sk": order,
            "updated_at": iso(now), "correlation_id": correlation_id()}


def sweep_fields(kind: str | None, due: datetime | None = None) -> dict[str, Any]:
    if kind is None or due is None:
        return {"gsi3pk": None, "gsi3sk": None}
    return {"gsi3pk": kind, "gsi3sk": f"{stamp(due)}"}


class TasksRepository(DynamoRepository):
    # --- writes -----------------------------------------------------------------------------------
    def put_new(self, task: Task, pending_due: datetime) -> None:
        item = {**task.model_dump(mode="json", exclude_none=True), **_listing(task),
                "correlation_id": correlation_id(),
                **sweep_fields(SWEEP_PENDING, pending_due),
                "pk": f"TASK#{task.task_id}", "sk": "META"}
        self._put_new(to_item(item))

    def discard(self, task_id: str) -> None:
        """Remove a task that never got its quota (it was never visible as created: no event is published)."""
        self._db.delete_item(TableName=self._table, Key=_key(task_id),
                             ConditionExpression="#status = :pending", ExpressionAttributeNames={"#status": "status"},
                             ExpressionAttributeValues=values(pending="pending"))

    def update(self, task_id: str, update: Update, condition: str, condition_values: Mapping[str, Any],
               *, condition_names: Mapping[str, str] | None = None) -> Task:
        """Apply ``update`` if ``condition`` holds; the task after the write, or ``TransitionRefused``. A write
        whose answer was lost and that the SDK sent again is recognised as done (``_update_once``)."""
        expression, names, expr_values = update.expression()
        try:
            result = self._update_once(
                Key=_key(task_id), UpdateExpression=expression,
                ConditionExpression=f"attribute_exists(pk) AND ({condition})",
                ExpressionAttributeNames={**names, **(condition_names or {})},
                ExpressionAttributeValues={**expr_values, **values(**condition_values)}, ReturnValues="ALL_NEW")
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
            old = exc.response.get("Item")
            raise TransitionRefused(task_from_item(old) if old else self.get(task_id)) from exc
        return task_from_item(result)

    # --- reads ------------------------------------------------------------------------------------
    def get(self, task_id: str) -> Task | None:
        item = self._db.get_item(TableName=self._table, Key=_key(task_id), ConsistentRead=True).get("Item")
        return task_from_item(item) if item else None

    def list_for_user(self, user_id: str, *, status: str | None, task_type: str | None,
                      created_after: datetime | None, created_before: datetime | None, limit: int,
                      start: Position, max_reads: int = 10) -> tuple[list[Task], Position]:
        """Newest first. Status picks the index; the type is filtered here, reading further pages until the page
        is full (never a short page while more match), at most ``max_reads`` queries per call."""
        index, pk = ("gsi2", f"USER#{user_id}#{status}") if status else ("gsi1", f"USER#{user_id}")
        low = stamp(created_after) if created_after else "0"
        high = stamp(created_before) if created_before else "9"
        kwargs: dict[str, Any] = {
            "IndexName": index, "ScanIndexForward": False,
            "KeyConditionExpression": f"{index}pk = :pk AND {index}sk BETWEEN :low AND :high",
            "ExpressionAttributeValues": values(pk=pk, low=low, high=high),
        }
        found: list[Task] = []
        for _ in range(max_reads):
            if start:
                kwargs["ExclusiveStartKey"] = start
            result = self._db.query(TableName=self._table, Limit=limit + 1, **kwargs)
            items = result.get("Items", [])
            for position, item in enumerate(items):
                task = task_from_item(item)
                if task_type and task.type != task_type:
                    continue
                found.append(task)
                if len(found) == limit:
                    more = position + 1 < len(items) or "LastEvaluatedKey" in result
                    return found, _page_key(item, index) if more else None
            start = result.get("LastEvaluatedKey")
            if not start:
                return found, None
        return found, start

    def due(self, kind: str, now: datetime, limit: int = 100) -> Iterator[Task]:
        """Tasks on the sweep index of ``kind`` whose due time has passed, oldest first."""
        kwargs: dict[str, Any] = {
            "IndexName": "gsi3", "KeyConditionExpression": "gsi3pk = :kind AND gsi3sk < :now",
            "ExpressionAttributeValues": values(kind=kind, now=stamp(now)), "Limit": limit,
        }
        while True:
            result = self._db.query(TableName=self._table, **kwargs)
            for item in result.get("Items", []):
                yield task_from_item(item)
            if "LastEvaluatedKey" not in result:
                return
            kwargs["ExclusiveStartKey"] = result["LastEvaluatedKey"]


def _page_key(item: Mapping[str, Any], index: str) -> dict[str, Any]:
    """The ``ExclusiveStartKey`` that resumes right after ``item`` in ``index``."""
    return {name: item[name] for name in ("pk", "sk", f"{index}pk", f"{index}sk")}


def after(moment: datetime, seconds: int) -> datetime:
    return moment + timedelta(seconds=seconds)


def not_found() -> errors.NotFound:
    return errors.NotFound("No such task")
