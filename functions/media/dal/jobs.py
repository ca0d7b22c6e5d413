"""The only code that touches the media-jobs table.

Key layout::

    pk JOB#<job_id>  sk META          the job: counters (succeeded, failed, remaining) and status
    pk JOB#<job_id>  sk ITEM#<0000>   one item: its file, steps, status, lease, result or error
    gsi1  USER#<user_id> / <created_at>#<job_id>   on META only: a user's jobs, newest first

A job and its items are written in one transaction (the stream then enqueues each item). An item finishes
in one transaction with its job's counters, under the condition that it was still unfinished, so a redelivered
message never counts twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError
from design_agent.clock import iso, stamp
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    is_condition_failure,
    to_item,
    values,
)
from design_agent.observability import correlation_id

from functions.media.models.api import ItemError
from functions.media.models.domain import Item, Job

META = "META"


def _pk(job_id: str) -> str:
    return f"JOB#{job_id}"


def item_sk(index: int) -> str:
    return f"ITEM#{index:04d}"


def _key(job_id: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": _pk(job_id)}, "sk": {"S": sk}}


def is_meta(item: Mapping[str, Any]) -> bool:
    return bool(item.get("sk", {}).get("S") == META)


def job_from_item(item: Mapping[str, Any]) -> Job:
    return Job.model_validate(from_item(item))


def item_from_item(item: Mapping[str, Any]) -> Item:
    return Item.model_validate(from_item(item))


class JobsRepository(DynamoRepository):
    # --- writes -----------------------------------------------------------------------------------
    def create(self, job: Job, items: list[Item], expires_at: datetime) -> None:
        ttl = int(expires_at.timestamp())
        request = {"correlation_id": correlation_id()}  # the request behind it, for the consumers' logs
        meta = {**job.model_dump(mode="json", exclude_none=True), "pk": _pk(job.job_id), "sk": META,
                "gsi1pk": f"USER#{job.user_id}", "gsi1sk": f"{stamp(job.created_at)}#{job.job_id}",
                "expires_at": ttl, **request}
        puts = [meta] + [{**item.model_dump(mode="json", exclude_none=True), "pk": _pk(job.job_id),
                          "sk": item_sk(item.index), "expires_at": ttl, **request} for item in items]
        self._db.transact_write_items(TransactItems=[
            {"Put": {"TableName": self._table, "Item": to_item(put),
                     "ConditionExpression": "attribute_not_exists(pk)"}} for put in puts])

    def claim(self, job_id: str, index: int, now: datetime, lease_s: int) -> Item | None:
        """Start an attempt of a queued item, or of a running one whose lease ran out (its worker died).
        None: it is finished, or another attempt holds it."""
        try:
            result = self._db.update_item(
                TableName=self._table, Key=_key(job_id, item_sk(index)),
                UpdateExpression="SET #s = :running, lease_until = :lease ADD attempts :one",
                ConditionExpression="#s = :queued OR (#s = :running AND lease_until < :now)",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues=values(running="running", queued="queued", one=1, now=stamp(now),
                                                 lease=stamp(now + timedelta(seconds=lease_s))),
                ReturnValues="ALL_NEW")
        except ClientError as exc:
            if is_condition_failure(exc):
                return None
            raise
        return item_from_item(result["Attributes"])

    def finish(self, job_id: str, index: int, now: datetime, *, result: Mapping[str, Any] | None = None,
               error: ItemError | None = None) -> bool:
        """Record an item's outcome and count it on its job; False when it had finished already."""
        succeeded = error is None
        item_update = "SET #s = :status, finished_at = :now, #r = :outcome REMOVE lease_until"
        outcome = dict(result or {}) if succeeded else (error.model_dump() if error else {})
        try:
            self._db.transact_write_items(TransactItems=[
                {"Update": {"TableName": self._table, "Key": _key(job_id, item_sk(index)),
                            "UpdateExpression": item_update,
                            "ConditionExpression": "#s IN (:queued, :running)",
                            "ExpressionAttributeNames": {"#s": "status", "#r": "result" if succeeded else "error"},
                            "ExpressionAttributeValues": values(status="succeeded" if succeeded else "failed",
                                                                now=iso(now), outcome=outcome, queued="queued",
                                                                running="running")}},
                {"Update": {"TableName": self._table, "Key": _key(job_id, META),
                            "UpdateExpression": "ADD #counter :one, remaining :minus",
                            "ConditionExpression": "attribute_exists(pk)",
                            "ExpressionAttributeNames": {"#counter": "succeeded" if succeeded else "failed"},
                            "ExpressionAttributeValues": values(one=1, minus=-1)}},
            ])
        except ClientError as exc:
            if "ConditionalCheckFailed" in cancellation_codes(exc)[:1]:
                return False
            raise
        return True

    def complete(self, job_id: str, now: datetime) -> bool:
        """Mark the job completed once nothing remains; False if it is not finished or was completed already."""
        try:
            self._db.update_item(
                TableName=self._table, Key=_key(job_id, META),
                UpdateExpression="SET #s = :completed, completed_at = :now",
                ConditionExpression="remaining = :zero AND #s <> :completed",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues=values(completed="completed", now=iso(now), zero=0))
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    # --- reads ------------------------------------------------------------------------------------
    def get_item(self, job_id: str, index: int) -> Item | None:
        found = self._db.get_item(TableName=self._table, Key=_key(job_id, item_sk(index)),
                                  ConsistentRead=True).get("Item")
        return item_from_item(found) if found else None

    def get_with_items(self, job_id: str) -> tuple[Job, list[Item]] | None:
        """The job and all its items, in order (one query for up to 1 MB)."""
        rows = self._query_all(KeyConditionExpression="pk = :pk", ExpressionAttributeValues=values(pk=_pk(job_id)),
                               ConsistentRead=True)
        meta = next((row for row in rows if is_meta(row)), None)
        if meta is None:
            return None
        return job_from_item(meta), [item_from_item(row) for row in rows if not is_meta(row)]

    def list_for_user(self, user_id: str, limit: int, start: Position) -> tuple[list[Job], Position]:
        rows, last = self._index_page("gsi1", "gsi1pk", f"USER#{user_id}", limit, start)
        return [job_from_item(row) for row in rows], last
