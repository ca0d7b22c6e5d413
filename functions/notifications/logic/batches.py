"""Batch sends: an administrator's message to a list of users or to everyone, fanned out through a queue in
chunks of ``CHUNK`` recipients, so no single invocation grows with the audience.

- a list of users is split into chunk messages up front;
- "everyone" is one page message that lists a page of user ids, queues the next page, and delivers this one;
- each recipient gets the message once (the inbox's event marker is the batch id), and each chunk is counted
  once (a chunk marker), so redelivered chunks change neither what users see nor the counts.
"""

from __future__ import annotations

import json
from typing import Any

from design_agent.clock import iso
from design_agent.contracts.users import ContactsRequest, UserIdsRequest
from design_agent.ids import new_id
from design_agent.observability import logger

from functions.notifications.dal.inbox import Duplicate
from functions.notifications.deps import NotificationsDeps
from functions.notifications.logic.deliver import Note, notify
from functions.notifications.models.api import BatchRequest
from functions.notifications.models.domain import Batch
from functions.notifications.service import BATCH_QUEUE

CHUNK = 25
SEND_BATCH = 10  # SQS SendMessageBatch entries


def start(admin_id: str, request: BatchRequest, deps: NotificationsDeps) -> Batch:
    now = deps.clock()
    recipients = list(dict.fromkeys(request.user_ids))
    batch = Batch(batch_id=new_id("batch"), created_by=admin_id, title=request.title, body=request.body,
                  audience="everyone" if request.all_users else "users", created_at=now, updated_at=now)
    deps.inbox.put_batch(batch)
    if request.all_users:
        messages: list[dict[str, Any]] = [{"batch_id": batch.batch_id, "chunk": "page-0", "cursor": None}]
    else:
        chunks = [recipients[i:i + CHUNK] for i in range(0, len(recipients), CHUNK)]
        messages = [{"batch_id": batch.batch_id, "chunk": str(n), "user_ids": ids, "last": n == len(chunks) - 1}
                    for n, ids in enumerate(chunks)]
    _enqueue(messages, deps)
    return batch


def _enqueue(messages: list[dict[str, Any]], deps: NotificationsDeps) -> None:
    url = deps.settings.queue_url(BATCH_QUEUE)
    sqs = deps.clients.client("sqs")
    for start_at in range(0, len(messages), SEND_BATCH):
        entries = [{"Id": str(n), "MessageBody": json.dumps(m)}
                   for n, m in enumerate(messages[start_at:start_at + SEND_BATCH])]
        result = sqs.send_message_batch(QueueUrl=url, Entries=entries)
        if result.get("Failed"):
            raise RuntimeError(f"could not queue {len(result['Failed'])} batch chunks")


def deliver_chunk(message: dict[str, Any], deps: NotificationsDeps) -> Batch | None:
    batch = deps.inbox.get_batch(message["batch_id"])
    if batch is None:
        logger("notifications").warning("chunk of an unknown batch", extra=message)
        return None
    last = bool(message.get("last"))
    user_ids: list[str] = message.get("user_ids") or []
    if "cursor" in message:  # "everyone": this page, and the next page queued first
        page = deps.users.user_ids(UserIdsRequest(limit=CHUNK, cursor=message["cursor"]))
        user_ids, last = page.user_ids, page.next_cursor is None
        if page.next_cursor:
            number = int(str(message["chunk"]).removeprefix("page-")) + 1
            _enqueue([{"batch_id": batch.batch_id, "chunk": f"page-{number}", "cursor": page.next_cursor}], deps)
    existing = {c.user_id for c in deps.users.contacts(ContactsRequest(user_ids=user_ids)).contacts} \
        if user_ids else set()
    sent = failed = 0
    note = Note(type="announcement", title=batch.title, body=batch.body, data={"batch_id": batch.batch_id})
    for user_id in user_ids:
        if user_id not in existing:
            failed += 1
            continue
        try:
            notify(user_id, note, deps, event_id=batch.batch_id)
            sent += 1
        except Exception:
            logger("notifications").exception("batch delivery failed", extra={"user_id": user_id})
            failed += 1
    try:
        return deps.inbox.record_chunk(batch.batch_id, str(message["chunk"]), planned=len(user_ids), sent=sent,
                                       failed=failed, last=last, now=iso(deps.clock()))
    except Duplicate:
        return deps.inbox.get_batch(batch.batch_id)
