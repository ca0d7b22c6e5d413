"""One notification: a durable inbox message, a realtime push to the user's open connections, and an e-mail.

The inbox write is the gate: with an event id it happens once per event (a redelivered event changes nothing
and pushes nothing again). The push is best effort — a client that was offline asks the inbox for everything
since its last message id. An e-mail owed for an event is remembered on the event's marker until it is sent,
so a failure to send is retried by the redelivery, and a sent e-mail is not sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from design_agent.contracts.users import ContactsRequest
from design_agent.ids import new_id
from design_agent.observability import logger
from design_agent.spec import EmailTemplate

from functions.notifications.dal.inbox import Duplicate
from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic import email
from functions.notifications.logic.realtime import push
from functions.notifications.models.api import Frame
from functions.notifications.models.domain import InboxMessage, MessageType


@dataclass(frozen=True)
class Mail:
    template: EmailTemplate
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """What to tell a user."""

    type: MessageType
    title: str
    body: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    task_id: str | None = None
    read: bool = False  # informational messages (progress) do not count as unread
    mail: Mail | None = None


def notify(user_id: str, note: Note, deps: NotificationsDeps, *, event_id: str | None = None) -> InboxMessage | None:
    """The inbox message made now; None when ``event_id`` was handled before."""
    now = deps.clock()
    message = InboxMessage(message_id=new_id("message"), user_id=user_id, type=note.type, title=note.title,
                           body=note.body, data=note.data, task_id=note.task_id, read=note.read, created_at=now)
    mail = note.mail if note.mail and deps.inbox.preferences(user_id).email_enabled else None
    try:
        deps.inbox.add(message, event_id=event_id, mail_pending=mail is not None, now_epoch=int(now.timestamp()))
    except Duplicate:
        if mail is not None and event_id and deps.inbox.mail_pending(user_id, event_id):
            _mail(user_id, mail, deps, event_id)
        return None
    try:
        push(user_id, Frame(type="notification", message=message, at=now), deps, task_id=note.task_id)
    except Exception:  # the inbox has it; the client's replay finds it
        logger("notifications").exception("realtime push failed", extra={"user_id": user_id})
    if mail is not None:
        _mail(user_id, mail, deps, event_id)
    return message


def _mail(user_id: str, mail: Mail, deps: NotificationsDeps, event_id: str | None) -> None:
    contacts = deps.users.contacts(ContactsRequest(user_ids=[user_id])).contacts
    if contacts and contacts[0].status == "active":
        email.send(mail.template, contacts[0].email, {"username": contacts[0].username, **mail.data}, deps.settings,
                   deps.clients)
    if event_id:
        deps.inbox.mail_sent(user_id, event_id)
