"""Reading and tidying the inbox."""

from __future__ import annotations

from design_agent import errors
from design_agent.cursors import Page

from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.api import InboxPage
from functions.notifications.models.domain import InboxMessage


def page(user_id: str, limit: int, cursor: Page, since: str | None, deps: NotificationsDeps) -> InboxPage:
    """Newest first with ``cursor``; or, with ``since`` (a message id the client saw), everything after it,
    oldest first — what a reconnecting client asks for so it misses nothing."""
    if since is not None:
        if cursor.start is not None:
            raise errors.BadRequest("Use either cursor or since")
        items = deps.inbox.since(user_id, since, limit)
        return InboxPage(items=items, last_message_id=items[-1].message_id if items else since)
    items, last = deps.inbox.page(user_id, limit, cursor.start)
    return InboxPage(items=items, next_cursor=cursor.next(last),
                     last_message_id=items[0].message_id if items else None)


def owned(user_id: str, message_id: str, deps: NotificationsDeps) -> InboxMessage:
    message = deps.inbox.get(user_id, message_id)
    if message is None:
        raise errors.NotFound("No such message")
    return message


def mark_read(user_id: str, message_id: str, deps: NotificationsDeps) -> InboxMessage:
    message = owned(user_id, message_id, deps)
    if not message.read:
        deps.inbox.mark_read(user_id, message_id)
    return message.model_copy(update={"read": True})


def mark_all_read(user_id: str, deps: NotificationsDeps) -> int:
    """Everything in the inbox is read: a constant amount of work however many messages there are (idempotent: a
    repeat marks nothing more); how many were unread."""
    return deps.inbox.mark_all_read(user_id)
