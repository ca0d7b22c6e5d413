"""Internal (seed: SendRealtime): push to every open connection of a user; like every realtime message it is
also an inbox message, so a client that was away finds it. An announcement by default."""

from design_agent.internal import internal_handler
from pydantic import BaseModel, Field

from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.deliver import Note, notify
from functions.notifications.models.domain import InboxMessage, MessageType


class SendRealtimeRequest(BaseModel):
    user_id: str
    type: MessageType = "announcement"
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=5000)
    data: dict[str, object] = Field(default_factory=dict)
    task_id: str | None = None
    dedupe_key: str | None = Field(default=None, max_length=200, description="the same key notifies once")


class Sent(BaseModel):
    message: InboxMessage | None  # None: the dedupe key was used before


def _send(request: SendRealtimeRequest) -> Sent:
    note = Note(type=request.type, title=request.title, body=request.body, data=request.data,
                task_id=request.task_id)
    return Sent(message=notify(request.user_id, note, NotificationsDeps.from_env(), event_id=request.dedupe_key))


handler = internal_handler("notifications", SendRealtimeRequest, _send, operation="SendRealtime")
