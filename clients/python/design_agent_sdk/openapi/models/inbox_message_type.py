from enum import StrEnum


class InboxMessageType(StrEnum):
    ANNOUNCEMENT = "announcement"
    MEDIA_JOB_COMPLETED = "media.job.completed"
    TASK_CANCELLED = "task.cancelled"
    TASK_COMPLETED = "task.completed"
    TASK_FAILED = "task.failed"
    TASK_PROGRESS = "task.progress"

    def __str__(self) -> str:
        return str(self.value)
