"""What must hold after a load run, read from the tables, the bucket and the queues themselves (not through the
API): nothing acknowledged was lost, every counter equals the records it counts, every event had its one effect.

Each check returns a ``Check``: its name, whether it held, how many things it looked at, and the first few
violations. ``check_all`` runs them on one ``Snapshot`` of what the platform stores."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from design_agent.dynamo import from_item
from design_agent.spec import resource_name

from functions.designs.service import DESIGNS_TABLE
from functions.notifications.service import INBOX_TABLE
from functions.storage.service import FILES_BUCKET, FILES_TABLE
from functions.tasks.service import TASKS_TABLE
from functions.users.service import USERS_TABLE

TERMINAL = {"succeeded", "failed", "cancelled"}
NOTE_OF = {"succeeded": "task.completed", "failed": "task.failed", "cancelled": "task.cancelled"}
SHOWN = 5  # violations listed per check


@dataclass
class Check:
    name: str
    checked: int
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "checked": self.checked, "violations": len(self.violations),
                "first": self.violations[:SHOWN]}


@dataclass
class Snapshot:
    """What the platform of one stage stores, read once after the run has settled."""

    users: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    files: list[dict[str, Any]]
    posters: list[dict[str, Any]]
    inbox: list[dict[str, Any]]
    object_sizes: dict[str, int]  # stored objects of the files bucket: key -> bytes
    dead_letters: dict[str, int]  # DLQ name -> messages (visible and in flight)

    @classmethod
    def read(cls, session: Any, stage: str) -> Snapshot:
        ddb, s3, sqs = session.client("dynamodb"), session.client("s3"), session.client("sqs")

        def scan(table: str) -> list[dict[str, Any]]:
            pages = ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
            return [from_item(item) for page in pages for item in page.get("Items", [])]

        prefix = FILES_BUCKET.physical_name(stage)
        buckets = [b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].startswith(prefix)]
        sizes = {obj["Key"]: int(obj["Size"]) for bucket in buckets
                 for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                 for obj in page.get("Contents", [])}
        dlqs: dict[str, int] = {}
        for url in sqs.list_queues(QueueNamePrefix=resource_name(stage)).get("QueueUrls", []):
            if url.endswith("-dlq"):
                counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
                dlqs[url.rsplit("/", 1)[-1]] = sum(int(v) for v in counts.values())
        return cls(users=scan(USERS_TABLE.physical_name(stage)), tasks=scan(TASKS_TABLE.physical_name(stage)),
                   files=scan(FILES_TABLE.physical_name(stage)), posters=scan(DESIGNS_TABLE.physical_name(stage)),
                   inbox=scan(INBOX_TABLE.physical_name(stage)), object_sizes=sizes, dead_letters=dlqs)


def read_acks(path: Path) -> list[dict[str, Any]]:
    """The load clients' acknowledgement log (one JSON object per line)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _of(items: Iterable[dict[str, Any]], sk: str | None = None, sk_prefix: str | None = None
        ) -> Iterator[dict[str, Any]]:
    for item in items:
        if (sk is None or item["sk"] == sk) and (sk_prefix is None or str(item["sk"]).startswith(sk_prefix)):
            yield item


# --- the checks ---------------------------------------------------------------------------------------------------
def server_errors(access_log: list[dict[str, Any]], *, allowed: frozenset[int] = frozenset()) -> Check:
    """No 5xx at the API, except the statuses a fault run allows (503: a transient fault after the SDK's retries,
    which tells the client to try again)."""
    answers = [line for line in access_log if "status" in line and str(line.get("path", "")).startswith("/api/")]
    check = Check("no 5xx answers", len(answers))
    check.violations = [f"{line['status']} {line['method']} {line['path']}" for line in answers
                        if int(line["status"]) >= 500 and int(line["status"]) not in allowed]
    return check


def tasks_settled(snapshot: Snapshot, now: datetime, acks: list[dict[str, Any]]) -> Check:
    """Every acknowledged task exists; every task is terminal, or queued, or running under a lease not yet
    expired (a worker holds it)."""
    tasks = {t["task_id"]: t for t in _of(snapshot.tasks, sk="META")}
    check = Check("every task terminal or legitimately running", len(tasks))
    for ack in acks:
        if ack["kind"] == "task" and ack["task_id"] not in tasks:
            check.violations.append(f"acknowledged task {ack['task_id']} is missing")
    for task in tasks.values():
        status = task["status"]
        if status in TERMINAL or status in ("pending", "queued"):
            continue
        lease = task.get("lease_expires_at")
        if status == "running" and lease and datetime.fromisoformat(lease) > now:
            continue
        check.violations.append(f"{task['task_id']} {status}, lease {lease}")
    return check


def quota_ledger(snapshot: Snapshot) -> Check:
    """Each user's counters equal what was charged minus what was refunded (exactly), and remaining is the limit
    minus used."""
    profiles = {u["pk"]: u for u in _of(snapshot.users, sk="PROFILE")}
    charged: dict[tuple[str, str], int] = defaultdict(int)
    for op in _of(snapshot.users, sk_prefix="QUOTAOP#"):
        _, kind, resource, _key = str(op["sk"]).split("#", 3)
        profile = profiles.get(op["pk"])
        if profile is None or (resource == "tasks" and op.get("period") != profile.get("period")):
            continue  # a charge of another month does not count against this one
        charged[(op["pk"], resource)] += int(op["amount"]) * (1 if kind == "consume" else -1)
    check = Check("quota counters equal charges minus refunds", len(profiles))
    for pk, profile in profiles.items():
        for resource in ("tasks", "storage"):
            used, expected = int(profile[f"{resource}_used"]), charged[(pk, resource)]
            if used != expected:
                check.violations.append(f"{pk} {resource}_used {used} != charged-refunded {expected}")
            if int(profile[f"{resource}_remaining"]) != int(profile[f"{resource}_limit"]) - used:
                check.violations.append(f"{pk} {resource}_remaining != limit - used")
    return check


def task_charges(snapshot: Snapshot) -> Check:
    """Each task attempt's quota unit is where the task says: charged and kept (succeeded, or still reserved),
    or charged and refunded."""
    ops = {str(op["sk"]).removeprefix("QUOTAOP#") for op in _of(snapshot.users, sk_prefix="QUOTAOP#")}
    tasks = list(_of(snapshot.tasks, sk="META"))
    check = Check("every task's quota charge matches its state", len(tasks))
    for task in tasks:
        key, state = f"{task['task_id']}#{task['attempt']}", task.get("quota")
        consumed, refunded = f"consume#tasks#{key}" in ops, f"refund#tasks#{key}" in ops
        expected = {"reserved": (True, False), "kept": (True, False), "refunded": (True, True)}.get(str(state))
        if expected is not None and (consumed, refunded) != expected:
            check.violations.append(f"{task['task_id']} quota {state}: consumed {consumed}, refunded {refunded}")
    return check


def stored_files(snapshot: Snapshot, acks: list[dict[str, Any]]) -> Check:
    """Every stored file's object is there with the size its record and its storage charge say; every upload the
    client saw stored is; the per-user statistics are the sums of the stored files."""
    files = {f["file_id"]: f for f in _of(snapshot.files, sk="META")}
    charges = {str(op["sk"]).rsplit("#", 1)[-1]: int(op["amount"])
               for op in _of(snapshot.users, sk_prefix="QUOTAOP#consume#storage#")}
    refunds = {str(op["sk"]).rsplit("#", 1)[-1] for op in _of(snapshot.users, sk_prefix="QUOTAOP#refund#storage#")}
    stored = [f for f in files.values() if f["status"] == "stored"]
    check = Check("stored bytes equal their accounted size", len(stored))
    for record in stored:
        size, on_disk = int(record.get("size") or 0), snapshot.object_sizes.get(record["key"])
        if on_disk != size:
            check.violations.append(f"{record['file_id']}: object {on_disk} bytes, record {size}")
        if charges.get(record["file_id"]) != size or record["file_id"] in refunds:
            check.violations.append(f"{record['file_id']}: charged {charges.get(record['file_id'])}, size {size}")
    for file_id in set(charges) - refunds:
        if file_id not in files or files[file_id]["status"] not in ("stored", "deleting"):
            check.violations.append(f"{file_id}: charged but {files.get(file_id, {}).get('status', 'missing')}")
    for ack in acks:
        if ack["kind"] == "upload":
            record = files.get(ack["file_id"], {})
            if record.get("status") not in ("stored", "deleting", "deleted") or record.get("size") != ack["size"]:
                check.violations.append(f"acknowledged upload {ack['file_id']}: {record.get('status')}, "
                                        f"{record.get('size')} of {ack['size']} bytes")
    sums: Counter[str] = Counter()
    for record in stored:
        sums[f"USER#{record['user_id']}"] += int(record.get("size") or 0)
    for stats in _of(snapshot.files, sk="STATS"):
        counted = int(stats.get("bytes_total", 0))
        if counted != sums[stats["pk"]]:
            check.violations.append(f"{stats['pk']} statistics {counted} bytes, stored files {sums[stats['pk']]}")
    return check


def notifications_once(snapshot: Snapshot) -> Check:
    """Each task event that makes an inbox message made exactly one: one message per (task, kind, attempt), one per
    step of an attempt, every step a task's current attempt showed has its message (none lost when the bus
    reordered two updates, decision 79), and every ended task has the message of how it ended."""
    messages = [m for m in _of(snapshot.inbox, sk_prefix="MSG#") if m.get("task_id")]
    seen = Counter((m["task_id"], m["type"], (m.get("data") or {}).get("attempt"))
                   for m in messages if m["type"] != "task.progress")
    steps = Counter((m["task_id"], (m.get("data") or {}).get("attempt"), (m.get("data") or {}).get("progress"))
                    for m in messages if m["type"] == "task.progress")
    check = Check("one inbox message per task event", len(messages))
    check.violations = [f"{task_id} {kind} attempt {attempt}: {count} messages"
                        for (task_id, kind, attempt), count in seen.items() if count > 1]
    check.violations += [f"{task_id} attempt {attempt} step {progress}: {count} messages"
                         for (task_id, attempt, progress), count in steps.items() if count > 1]
    for task in _of(snapshot.tasks, sk="META"):
        if task["status"] in TERMINAL and not seen[(task["task_id"], NOTE_OF[task["status"]], task["attempt"])]:
            check.violations.append(f"{task['task_id']} {task['status']}: no {NOTE_OF[task['status']]} message")
        check.violations += [f"{task['task_id']} attempt {task['attempt']} step {progress}: no message"
                             for progress in sorted(map(int, task.get("steps") or {}))
                             if not steps[(task["task_id"], task["attempt"], progress)]]
    return check


def dead_letters(snapshot: Snapshot) -> Check:
    """Every dead-letter queue is empty (a message there is work that was given up)."""
    check = Check("dead-letter queues empty", len(snapshot.dead_letters))
    check.violations = [f"{name}: {count}" for name, count in snapshot.dead_letters.items() if count]
    return check


def acknowledged_edits(snapshot: Snapshot, acks: list[dict[str, Any]]) -> Check:
    """No poster lost an acknowledged edit: each poster is at (or past) the last version its owner was answered
    200 for, with that edit's title when at it; an edit sent with a version already gone never applied."""
    posters = {p["poster_id"]: p for p in _of(snapshot.posters, sk="META")}
    last: dict[str, dict[str, Any]] = {}
    for ack in acks:
        if ack["kind"] == "edit" and _version(ack["etag"]) >= _version(last.get(ack["poster_id"], {}).get("etag")):
            last[ack["poster_id"]] = ack
    check = Check("no acknowledged edit lost", len(last))
    for poster_id, ack in last.items():
        poster = posters.get(poster_id)
        if poster is None:
            check.violations.append(f"{poster_id} is missing")
            continue
        version = int(poster["version"])
        if version < _version(ack["etag"]) or (version == _version(ack["etag"]) and poster["title"] != ack["title"]):
            check.violations.append(f"{poster_id} at version {version} '{poster['title']}', acknowledged "
                                    f"{ack['etag']} '{ack['title']}'")
    check.violations += [f"{p['poster_id']}: an edit with a stale If-Match applied" for p in posters.values()
                         if p.get("title") == "lost update"]
    return check


def _version(etag: str | None) -> int:
    return int(str(etag).strip('W/"')) if etag else -1


def check_all(snapshot: Snapshot, acks: list[dict[str, Any]], access_log: list[dict[str, Any]], *,
              allowed_5xx: frozenset[int] = frozenset()) -> list[Check]:
    now = datetime.now(UTC)
    return [server_errors(access_log, allowed=allowed_5xx), tasks_settled(snapshot, now, acks),
            quota_ledger(snapshot), task_charges(snapshot), stored_files(snapshot, acks),
            notifications_once(snapshot), dead_letters(snapshot), acknowledged_edits(snapshot, acks)]
