"""The only code that touches the inbox table.

Key layout::

    USER#<id>   MSG#<message_id>      a message (message ids are ULIDs: the sort key is the inbox's order)
    USER#<id>   COUNTER               ``unread``, changed in the same transaction as the messages it counts, and
                                      ``read_through``: every message up to this id is read ("mark all read" is
                                      one write of this watermark, whatever the inbox holds)
    USER#<id>   PREFS                 preferences
    USER#<id>   EVENT#<event_id>      a processed event (idempotency), expires after a week
    BATCH#<id>  META                  a batch send and its counts
    BATCH#<id>  CHUNK#<n>             a delivered chunk (idempotency)
"""

from __future__ import annotations

import time
from typing import Any

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    is_condition_failure,
    to_item,
    values,
)

from functions.notifications.models.domain import Batch, InboxMessage, Preferences

EVENT_MARKER_TTL_S = 7 * 86400
# a counter change applies only to a message above the watermark (one at or below it is read already)
ABOVE_WATERMARK = "attribute_not_exists(read_through) OR read_through < :message_id"
READ_ALL_ATTEMPTS = 5  # "mark all read" starts over when a message is counted between its reads and its write


def _user(user_id: str) -> str:
    return f"USER#{user_id}"


def _k(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def _message(item: dict[str, Any], read_through: str) -> InboxMessage:
    message = InboxMessage.model_validate(from_item(item))
    if not message.read and message.message_id <= read_through:
        return message.model_copy(update={"read": True})
    return message


class Duplicate(Exception):
    """This event (or batch chunk) was handled before."""


class InboxRepository(DynamoRepository):
    # --- messages -------------------------------------------------------------------------------------
    def add(self, message: InboxMessage, *, event_id: str | None = None, mail_pending: bool = False,
            now_epoch: int = 0) -> None:
        """The message and (when unread) the unread counter in one transaction; with ``event_id``, only once per
        event (``Duplicate`` the second time), remembering whether an e-mail is still to be sent for it."""
        items: list[dict[str, Any]] = []
        if event_id:
            items.append({"Put": {"TableName": self._table, "ConditionExpression": "attribute_not_exists(pk)",
                                  "Item": to_item({"pk": _user(message.user_id), "sk": f"EVENT#{event_id}",
                                                   "message_id": message.message_id, "mail_pending": mail_pending,
                                                   "expires_at": now_epoch + EVENT_MARKER_TTL_S})}})
        items.append({"Put": {"TableName": self._table, "ConditionExpression": "attribute_not_exists(pk)",
                              "Item": to_item({**message.model_dump(mode="json", exclude_none=True),
                                               "pk": _user(message.user_id), "sk": f"MSG#{message.message_id}"})}})
        if not message.read:
            items.append({"Update": {"TableName": self._table, "Key": _k(_user(message.user_id), "COUNTER"),
                                     "UpdateExpression": "ADD unread :one", "ConditionExpression": ABOVE_WATERMARK,
                                     "ExpressionAttributeValues": values(one=1, message_id=message.message_id)}})
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if event_id and codes and codes[0] == "ConditionalCheckFailed":
                raise Duplicate(event_id) from exc
            if codes and codes[-1] == "ConditionalCheckFailed" and not message.read:
                # everything up to it was marked read while it was on its way: it arrives read, uncounted
                self.add(message.model_copy(update={"read": True}), event_id=event_id, mail_pending=mail_pending,
                         now_epoch=now_epoch)
                return
            raise

    def mail_pending(self, user_id: str, event_id: str) -> bool:
        item = self._db.get_item(TableName=self._table, Key=_k(_user(user_id), f"EVENT#{event_id}"),
                                 ConsistentRead=True).get("Item")
        return bool(item and item.get("mail_pending", {}).get("BOOL"))

    def mail_sent(self, user_id: str, event_id: str) -> None:
        self._db.update_item(TableName=self._table, Key=_k(_user(user_id), f"EVENT#{event_id}"),
                             UpdateExpression="SET mail_pending = :false",
                             ExpressionAttributeValues=values(false=False))

    def page(self, user_id: str, limit: int, start: Position) -> tuple[list[InboxMessage], Position]:
        """Newest first."""
        result = self._db.query(TableName=self._table, Limit=limit, ScanIndexForward=False,
                                KeyConditionExpression="pk = :pk AND begins_with(sk, :msg)",
                                ExpressionAttributeValues=values(pk=_user(user_id), msg="MSG#"),
                                **({"ExclusiveStartKey": start} if start else {}))
        read_through = self.read_through(user_id)
        return [_message(i, read_through) for i in result.get("Items", [])], result.get("LastEvaluatedKey")

    def since(self, user_id: str, message_id: str, limit: int) -> list[InboxMessage]:
        """Messages after ``message_id``, oldest first (a reconnecting client's replay)."""
        result = self._db.query(TableName=self._table, Limit=limit, ConsistentRead=True,
                                KeyConditionExpression="pk = :pk AND sk BETWEEN :after AND :end",
                                ExpressionAttributeValues=values(pk=_user(user_id), after=f"MSG#{message_id}~",
                                                                 end="MSG#~"))
        read_through = self.read_through(user_id)
        return [_message(i, read_through) for i in result.get("Items", [])]

    def get(self, user_id: str, message_id: str) -> InboxMessage | None:
        """The message (read if the watermark covers it): one BatchGetItem of it and the counter."""
        keys = [_k(_user(user_id), f"MSG#{message_id}"), _k(_user(user_id), "COUNTER")]
        found = self._db.batch_get_item(RequestItems={self._table: {"Keys": keys, "ConsistentRead": True}})
        items = {i["sk"]["S"]: i for i in found.get("Responses", {}).get(self._table, [])}
        item = items.get(f"MSG#{message_id}")
        return _message(item, items.get("COUNTER", {}).get("read_through", {}).get("S", "")) if item else None

    def _counter(self, user_id: str) -> dict[str, Any]:
        item: dict[str, Any] = self._db.get_item(TableName=self._table, Key=_k(_user(user_id), "COUNTER"),
                                                 ConsistentRead=True).get("Item") or {}
        return item

    def unread(self, user_id: str) -> int:
        item = self._counter(user_id)
        return max(0, int(item["unread"]["N"])) if "unread" in item else 0

    def read_through(self, user_id: str) -> str:
        """The watermark: messages at or below this id are read ("" when nothing was ever marked all read)."""
        return str(self._counter(user_id).get("read_through", {}).get("S", ""))

    def mark_read(self, user_id: str, message_id: str) -> bool:
        """Mark one unread message read and count it down, atomically; False if it was read already (by itself
        or by the watermark, meanwhile)."""
        try:
            self._db.transact_write_items(TransactItems=[
                {"Update": {"TableName": self._table, "Key": _k(_user(user_id), f"MSG#{message_id}"),
                            "UpdateExpression": "SET #read = :true", "ConditionExpression": "#read = :false",
                            "ExpressionAttributeNames": {"#read": "read"},
                            "ExpressionAttributeValues": values(true=True, false=False)}},
                {"Update": {"TableName": self._table, "Key": _k(_user(user_id), "COUNTER"),
                            "UpdateExpression": "ADD unread :minus_one", "ConditionExpression": ABOVE_WATERMARK,
                            "ExpressionAttributeValues": values(minus_one=-1, message_id=message_id)}}])
        except ClientError as exc:
            if "ConditionalCheckFailed" in cancellation_codes(exc):
                return False
            raise
        return True

    def mark_all_read(self, user_id: str) -> int:
        """Every message there is now is read: the watermark moves to the newest message and the counter to 0, in
        one write whatever the inbox holds; how many were unread. The write holds only if the counter is still what
        was read (a message counted meanwhile makes it start over), so the counter stays exact; a message made
        before the watermark but stored after it arrives read (``add``)."""
        for _ in range(READ_ALL_ATTEMPTS):
            counter = self._counter(user_id)
            unread = int(counter.get("unread", {}).get("N", "0"))
            newest = self._db.query(TableName=self._table, Limit=1, ScanIndexForward=False, ConsistentRead=True,
                                    KeyConditionExpression="pk = :pk AND begins_with(sk, :msg)",
                                    ProjectionExpression="message_id",
                                    ExpressionAttributeValues=values(pk=_user(user_id), msg="MSG#")).get("Items")
            mark = newest[0]["message_id"]["S"] if newest else ""
            if not mark or mark <= counter.get("read_through", {}).get("S", ""):
                return 0
            same_count = "unread = :seen" if "unread" in counter else "attribute_not_exists(unread)"
            try:
                self._db.update_item(
                    TableName=self._table, Key=_k(_user(user_id), "COUNTER"),
                    UpdateExpression="SET read_through = :message_id, unread = :zero",
                    ConditionExpression=f"({ABOVE_WATERMARK}) AND {same_count}",
                    ExpressionAttributeValues=values(message_id=mark, zero=0,
                                                     **({"seen": unread} if "unread" in counter else {})))
            except ClientError as exc:
                if is_condition_failure(exc):
                    continue
                raise
            return max(0, unread)
        raise errors.Conflict("New messages keep arriving; try again")

    def delete(self, message: InboxMessage) -> None:
        key = _k(_user(message.user_id), f"MSG#{message.message_id}")
        if message.read:
            self._db.delete_item(TableName=self._table, Key=key)
            return
        try:
            self._db.transact_write_items(TransactItems=[
                {"Delete": {"TableName": self._table, "Key": key, "ConditionExpression": "#read = :false",
                            "ExpressionAttributeNames": {"#read": "read"},
                            "ExpressionAttributeValues": values(false=False)}},
                {"Update": {"TableName": self._table, "Key": _k(_user(message.user_id), "COUNTER"),
                            "UpdateExpression": "ADD unread :n", "ConditionExpression": ABOVE_WATERMARK,
                            "ExpressionAttributeValues": values(n=-1, message_id=message.message_id)}}])
        except ClientError as exc:
            if "ConditionalCheckFailed" not in cancellation_codes(exc):
                raise
            self._db.delete_item(TableName=self._table, Key=key)  # read meanwhile: nothing to count down

    # --- the order of a task's updates ------------------------------------------------------------------
    def delivered(self, user_id: str, task_id: str, attempt: int) -> int:
        """How far the task's updates of ``attempt`` have been delivered to the user (-1: none yet). An eventually
        consistent read: a stale answer only makes the caller try a step whose ``advance`` then refuses it."""
        item = self._db.get_item(TableName=self._table, Key=_k(_user(user_id), f"TASK#{task_id}"),
                                 ProjectionExpression="attempt, #pos",
                                 ExpressionAttributeNames={"#pos": "position"}).get("Item")
        if not item or int(item["attempt"]["N"]) != attempt:
            return -1
        return int(item["position"]["N"])

    def advance(self, user_id: str, task_id: str, attempt: int, position: int, event_id: str) -> bool:
        """Move the task's last delivered position forward; False if this update is not newer than one already
        delivered (queues may reorder: a stale progress update is dropped, never shown after a newer one).
        The event that moved it last passes again, so a redelivery after a failure between this write and the
        inbox write is still delivered (the inbox's event marker keeps it to once)."""
        try:
            self._db.update_item(
                TableName=self._table, Key=_k(_user(user_id), f"TASK#{task_id}"),
                UpdateExpression="SET attempt = :a, #pos = :p, event_id = :e, expires_at = :exp",
                ConditionExpression="attribute_not_exists(pk) OR attempt < :a OR (attempt = :a AND #pos < :p) "
                                    "OR event_id = :e",
                ExpressionAttributeNames={"#pos": "position"},
                ExpressionAttributeValues=values(a=attempt, p=position, e=event_id,
                                                 exp=int(time.time()) + EVENT_MARKER_TTL_S))
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    # --- preferences ----------------------------------------------------------------------------------
    def preferences(self, user_id: str) -> Preferences:
        item = self._db.get_item(TableName=self._table, Key=_k(_user(user_id), "PREFS")).get("Item")
        return Preferences.model_validate(from_item(item)) if item else Preferences()

    def put_preferences(self, user_id: str, prefs: Preferences) -> None:
        self._db.put_item(TableName=self._table, Item=to_item({**prefs.model_dump(), "pk": _user(user_id),
                                                               "sk": "PREFS"}))

    # --- batches --------------------------------------------------------------------------------------
    def put_batch(self, batch: Batch) -> None:
        self._put_new(to_item({**batch.model_dump(mode="json"), "pk": f"BATCH#{batch.batch_id}", "sk": "META"}))

    def get_batch(self, batch_id: str) -> Batch | None:
        item = self._db.get_item(TableName=self._table, Key=_k(f"BATCH#{batch_id}", "META"),
                                 ConsistentRead=True).get("Item")
        return Batch.model_validate(from_item(item)) if item else None

    def record_chunk(self, batch_id: str, chunk: str, *, planned: int, sent: int, failed: int, last: bool,
                     now: str) -> Batch:
        """Count one chunk once (``Duplicate`` on redelivery); the batch is done when planning is and every
        planned recipient is counted."""
        counts = "ADD #total :planned, sent :sent, failed :failed SET updated_at = :now"
        if last:
            counts += ", planning_done = :true"
        try:
            self._db.transact_write_items(TransactItems=[
                {"Put": {"TableName": self._table, "ConditionExpression": "attribute_not_exists(pk)",
                         "Item": to_item({"pk": f"BATCH#{batch_id}", "sk": f"CHUNK#{chunk}", "sent": sent,
                                          "failed": failed})}},
                {"Update": {"TableName": self._table, "Key": _k(f"BATCH#{batch_id}", "META"),
                            "UpdateExpression": counts, "ExpressionAttributeNames": {"#total": "total"},
                            "ExpressionAttributeValues": values(planned=planned, sent=sent, failed=failed, now=now,
                                                                **({"true": True} if last else {}))}}])
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if codes and codes[0] == "ConditionalCheckFailed":
                raise Duplicate(chunk) from exc
            raise
        batch = self.get_batch(batch_id)
        assert batch is not None
        if batch.planning_done and batch.sent + batch.failed >= batch.total and batch.status != "done":
            try:
                self._db.update_item(TableName=self._table, Key=_k(f"BATCH#{batch_id}", "META"),
                                     UpdateExpression="SET #status = :done", ConditionExpression="#status <> :done",
                                     ExpressionAttributeNames={"#status": "status"},
                                     ExpressionAttributeValues=values(done="done"))
            except ClientError as exc:
                if not is_condition_failure(exc):
                    raise
            batch = batch.model_copy(update={"status": "done"})
        return batch
