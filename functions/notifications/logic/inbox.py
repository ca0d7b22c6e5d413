"""Reading and tidying the inbox."""

from __future__ import annotations

from design_agent import errors

from functions.notifications.dal.inbox import READ_ALL_CHUNK
from functions.notifications.deps import NotificationsDeps
from functions.notifications.models.api import InboxPage
from functions.notifications.models.domain import InboxMessage


def page(user_id: str, limit: int, cursor: str | None, since: str | None, deps: NotificationsDeps) -> InboxPage:
    """Newest first with ``cursor``; or, with ``since`` (a message id the client saw), everything after it,
    oldest first — what a reconnecting client asks for so it misses nothing."""
    if since is not None:
        if cursor is not None:
            raise errors.BadRequest("Use either cursor or since")
        items = deps.inbox.since(user_id, since, limit)
        return InboxPage(items=items, last_message_id=items[-1].message_id if items else since)
    items, next_cursor = deps.inbox.page(user_id, limit, cursor)
    return InboxPage(items=items, next_cursor=next_cursor, last_message_id=items[0].message_id if items else None)


def owned(user_id: str, message_id: str, deps: NotificationsDeps) -> InboxMessage:
    message = deps.inbox.get(user_id, message_id)
    if message is None:
        raise errors.NotFound("No such message")
    return message


def mark_read(user_id: str, message_id: str, deps: NotificationsDeps) -> InboxMessage:
    message = owned(user_id, message_id, deps)
    if not message.read:
        deps.inbox.mark_read([(user_id, message_id)], user_id)
    return message.model_copy(update={"read": True})


def mark_all_read(user_id: str, deps: NotificationsDeps) -> int:
    unread = deps.inbox.unread_ids(user_id)
    marked = 0
    for start in range(0, len(unread), READ_ALL_CHUNK):
        chunk = unread[start:start + READ_ALL_CHUNK]
        done = deps.inbox.mark_read([(user_id, m) for m in chunk], user_id)
        if done == 0:  # one of them was read meanwhile: one by one
            done = sum(deps.inbox.mark_read([(user_id, m)], user_id) for m in chunk)
        marked += done
    return marked
