"""The only code that touches the Storage table.

``FILE#<id>/META`` is the file record; ``USER#<id>/STATS`` holds per-kind byte and file counters, changed in
the same transaction as the record's status so they always equal the sum of stored files. Sparse indexes:
``gsi1`` (a user's stored files), ``gsi2`` (… of one kind) and ``gsi3`` (``SWEEP``: pending and deleting
records by due time, the scheduled sweep's work list).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    is_condition_failure,
    to_item,
    values,
)

from functions.storage.models.domain import FileRecord

KEEP_FINISHED_S = 7 * 86400  # rejected/expired records stay readable (their reason) for a week


def _meta(file_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"FILE#{file_id}"}, "sk": {"S": "META"}}


def _stats(user_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"USER#{user_id}"}, "sk": {"S": "STATS"}}


def _epoch(value: datetime) -> int:
    return int(value.timestamp())


def record_from_item(item: dict[str, Any]) -> FileRecord:
    return FileRecord.model_validate(from_item(item))


class StaleRecord(Exception):
    """The record was not in the state this step expected (another delivery got there first)."""


class FilesRepository(DynamoRepository):
    def put_pending(self, record: FileRecord) -> None:
        due = _epoch(record.upload_deadline)
        item = to_item({**record.model_dump(mode="json", exclude_none=True), "pk": f"FILE#{record.file_id}",
                        "sk": "META", "gsi3pk": "SWEEP", "gsi3sk": f"{due:012d}#{record.file_id}",
                        "expires_at": due + KEEP_FINISHED_S})
        self._put_new(item)

    def get(self, file_id: str) -> FileRecord | None:
        item = self._db.get_item(TableName=self._table, Key=_meta(file_id), ConsistentRead=True).get("Item")
        return record_from_item(item) if item else None

    def get_many(self, file_ids: list[str]) -> dict[str, FileRecord]:
        records = (record_from_item(item) for item in self._get_many([_meta(f) for f in file_ids]))
        return {record.file_id: record for record in records}

    def _stats_update(self, record: FileRecord, size: int, sign: int) -> dict[str, Any]:
        return {"Update": {
            "TableName": self._table, "Key": _stats(record.user_id),
            "UpdateExpression": "ADD files_total :n, bytes_total :b, #fk :n, #bk :b",
            "ExpressionAttributeNames": {"#fk": f"files_{record.kind}", "#bk": f"bytes_{record.kind}"},
            "ExpressionAttributeValues": values(n=sign, b=sign * size),
        }}

    def _transact(self, items: list[dict[str, Any]]) -> None:
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if "ConditionalCheckFailed" in cancellation_codes(exc):
                raise StaleRecord from exc
            raise

    def mark_stored(self, record: FileRecord, *, key: str, size: int, content_type: str, now: datetime) -> None:
        created = record.created_at.isoformat()
        self._transact([
            {"Update": {
                "TableName": self._table, "Key": _meta(record.file_id),
                "UpdateExpression": ("SET #status = :stored, #key = :key, #size = :size, content_type = :ct, "
                                     "confirmed_at = :now, gsi1pk = :g1, gsi1sk = :sk, gsi2pk = :g2, gsi2sk = :sk "
                                     "REMOVE gsi3pk, gsi3sk, expires_at"),
                "ConditionExpression": "#status = :pending",
                "ExpressionAttributeNames": {"#status": "status", "#key": "key", "#size": "size"},
                "ExpressionAttributeValues": values(
                    stored="stored", key=key, size=size, ct=content_type, now=now.isoformat(), pending="pending",
                    g1=f"USER#{record.user_id}", g2=f"USER#{record.user_id}#{record.kind}",
                    sk=f"{created}#{record.file_id}"),
            }},
            self._stats_update(record, size, +1),
        ])

    def finish_pending(self, file_id: str, status: str, reason: str) -> None:
        """pending -> rejected | expired, with a reason the client can read."""
        try:
            self._db.update_item(
                TableName=self._table, Key=_meta(file_id),
                UpdateExpression="SET #status = :s, reason = :r REMOVE gsi3pk, gsi3sk",
                ConditionExpression="#status = :pending", ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=values(s=status, r=reason, pending="pending"))
        except ClientError as exc:
            if is_condition_failure(exc):
                raise StaleRecord from exc
            raise

    def begin_delete(self, file_id: str, user_id: str, due: datetime) -> FileRecord:
        """stored -> deleting (owner only); the sweep finishes deletions a crash interrupted."""
        try:
            result = self._update_once(  # a delete applied whose answer was lost is not then refused
                Key=_meta(file_id),
                UpdateExpression="SET #status = :deleting, gsi3pk = :sweep, gsi3sk = :due",
                ConditionExpression="#status = :stored AND user_id = :uid",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=values(deleting="deleting", stored="stored", uid=user_id, sweep="SWEEP",
                                                 due=f"{_epoch(due):012d}#{file_id}"),
                ReturnValues="ALL_NEW")
        except ClientError as exc:
            if is_condition_failure(exc):
                raise StaleRecord from exc
            raise
        return record_from_item(result)

    def finish_delete(self, record: FileRecord, now: datetime) -> None:
        self._transact([
            {"Update": {
                "TableName": self._table, "Key": _meta(record.file_id),
                "UpdateExpression": ("SET #status = :deleted, expires_at = :exp "
                                     "REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk"),
                "ConditionExpression": "#status = :deleting",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": values(deleted="deleted", deleting="deleting",
                                                    exp=_epoch(now) + KEEP_FINISHED_S),
            }},
            self._stats_update(record, record.size or 0, -1),
        ])

    def list_stored(self, user_id: str, kind: str | None, limit: int, start: Position
                    ) -> tuple[list[FileRecord], Position]:
        index, pk_name, pk = ("gsi2", "gsi2pk", f"USER#{user_id}#{kind}") if kind else \
            ("gsi1", "gsi1pk", f"USER#{user_id}")
        result = self._db.query(TableName=self._table, IndexName=index, KeyConditionExpression=f"{pk_name} = :pk",
                                ExpressionAttributeValues=values(pk=pk), ScanIndexForward=False, Limit=limit,
                                **({"ExclusiveStartKey": start} if start else {}))
        return [record_from_item(i) for i in result.get("Items", [])], result.get("LastEvaluatedKey")

    def stats(self, user_id: str) -> dict[str, int]:
        item = self._db.get_item(TableName=self._table, Key=_stats(user_id), ConsistentRead=True).get("Item")
        if not item:
            return {}
        return {k: int(v) for k, v in from_item(item).items() if k not in ("pk", "sk")}

    def due_for_sweep(self, now: datetime, limit: int = 100) -> list[FileRecord]:
        result = self._db.query(TableName=self._table, IndexName="gsi3",
                                KeyConditionExpression="gsi3pk = :p AND gsi3sk <= :due",
                                ExpressionAttributeValues=values(p="SWEEP", due=f"{_epoch(now):012d}#~"), Limit=limit)
        return [record_from_item(i) for i in result.get("Items", [])]
