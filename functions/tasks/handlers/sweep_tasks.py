"""Scheduled: fail unfinished creates and silent running tasks (refunded); make refunds that are due."""

from typing import Any

from design_agent.observability import observed

from functions.tasks.deps import TasksDeps
from functions.tasks.logic.sweep import sweep


@observed("tasks", correlation_id_path="id", operation="SweepTasks")
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return sweep(TasksDeps.from_env())
