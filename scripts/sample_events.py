"""Write a sample event for every function into ``events/<service>/<Operation>.json``, and for every domain
event on the bus a sample and its JSON Schema into ``events/bus/<EventType>.json`` / ``.schema.json``.

    python -m scripts.sample_events           # write the missing ones (--force: rewrite all)
    python -m scripts.sample_events --check   # exit 1 if one is missing or a schema is out of date

The HTTP samples are API Gateway REST proxy events built by the local gateway's own event builder, so the
samples, the local runtime and ``sam local invoke -e events/...`` see the same shape.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from design_agent.contracts.media import EVENT_SOURCE as MEDIA_SOURCE  # noqa: E402
from design_agent.contracts.media import MEDIA_EVENTS, MediaJobCompleted  # noqa: E402
from design_agent.contracts.tasks import (  # noqa: E402
    EVENT_SOURCE,
    TASK_EVENTS,
    PosterGenerateParams,
    ProgressStep,
    TaskError,
    TaskEvent,
    TaskResult,
)
from design_agent.dynamo import to_item  # noqa: E402
from design_agent.events import DomainEvent, EventMetadata, envelope  # noqa: E402
from design_agent.spec import Auth, Operation, Service, Trigger, function_name  # noqa: E402

from functions.designs.models.events import PosterDeleted  # noqa: E402
from functions.tasks.logic.outbox import events_for  # noqa: E402
from functions.tasks.models.domain import Task  # noqa: E402
from local_platform.event_sources import scheduled_event, sqs_event  # noqa: E402
from local_platform.functions import FunctionRegistry, LocalFunction  # noqa: E402
from local_platform.proxy_events import authorizer_event, proxy_event  # noqa: E402
from local_platform.routes import Match, Route, _compile  # noqa: E402
from local_platform.websocket_gateway import websocket_event  # noqa: E402

STAGE = "sample"
USER = "usr_01JD8Y3Q7Z0000000000000000"
FILE = "fil_01JD8Y3Q7Z0000000000000001"
PATH_VALUES = {"user_id": "me", "session_id": "ses_01JD8Y3Q7Z0000000000000002", "file_id": FILE,
               "font_id": "fnt_01JD8Y3Q7Z0000000000000003", "poster_id": "pst_01JD8Y3Q7Z0000000000000004",
               "layer_id": "lyr_01JD8Y3Q7Z0000000000000005", "element_id": "elm_01JD8Y3Q7Z0000000000000006",
               "template_id": "tpl_01JD8Y3Q7Z0000000000000007", "client_id": "cli_01JD8Y3Q7Z0000000000000008",
               "task_id": "tsk_01JD8Y3Q7Z0000000000000009", "message_id": "msg_01JD8Y3Q7Z000000000000000C",
               "batch_id": "bat_01JD8Y3Q7Z000000000000000B", "job_id": "mjb_01JD8Y3Q7Z000000000000000D"}
TASK = PATH_VALUES["task_id"]
DOT_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
LEASE = "lse_01JD8Y3Q7Z000000000000000A"
SHAPE = {"kind": "shape", "shape": "rectangle", "x": 10, "y": 10, "width": 200, "height": 100, "fill": "#ff6600"}
BODIES: dict[str, Any] = {
    "users.Register": {"email": "ada@example.com", "username": "ada", "password": "correct horse battery"},
    "users.Login": {"email": "ada@example.com", "password": "correct horse battery"},
    "users.VerifyEmail": {"token": "ev_sampleSampleSampleSampleSampleSampleSample"},
    "users.RequestPasswordReset": {"email": "ada@example.com"},
    "users.ResetPassword": {"token": "pr_sampleSampleSampleSampleSampleSampleSample",
                            "password": "a brand new passphrase"},
    "users.UpdateUser": {"avatar": "https://cdn.example.com/ada.png"},
    "users.CheckPermission": {"resource": "tasks", "action": "create"},
    "users.ConsumeQuota": {"user_id": USER, "resource": "tasks", "amount": 1, "idempotency_key": "tsk_sample"},
    "users.RefundQuota": {"user_id": USER, "resource": "tasks", "amount": 1, "idempotency_key": "tsk_sample"},
    "users.ReadQuota": {"user_id": USER, "resource": "storage"},
    "users.CreateAdmin": {"email": "admin@example.com", "username": "admin"},
    "auth.Refresh": {"refresh_token": "rt_sampleSampleSampleSampleSample"},
    "auth.VerifyToken": {"token": "eyJhbGciOiJFUzI1NiJ9.e30.sig"},
    "auth.CheckPermission": {"resource": "tasks", "action": "create"},
    "auth.IssueSession": {"user_id": USER, "role": "user"},
    "auth.SyncUser": {"user_id": USER, "role": "user", "status": "active"},
    "auth.CreateClient": {"name": "gpu-worker-1", "description": "renders posters"},
    "auth.RegisterClient": {"name": "reference-worker"},
    "auth.IssueClientToken": {"grant_type": "client_credentials", "client_id": "cli_01JD8Y3Q7Z0000000000000008",
                              "client_secret": "cs_sampleSampleSampleSampleSampleSampleSample"},
    "storage.GetUploadToken": {"filename": "photo.jpg", "content_type": "image/jpeg", "kind": "image"},
    "storage.UploadFile": {"filename": "dot.png", "content_type": "image/png", "data_base64": DOT_PNG},
    "storage.StoreFile": {"user_id": USER, "kind": "preview", "filename": "p.png", "content_type": "image/png",
                          "data_base64": "iVBORw0KGgo="},
    "storage.ResolveFile": {"user_id": USER, "file_id": FILE},
    "storage.ResolveFiles": {"user_id": USER, "file_ids": [FILE]},
    "files.ResizeImage": {"file_id": FILE, "width": 800, "height": 600, "mode": "fit"},
    "files.CompressImage": {"file_id": FILE, "target_bytes": 200000},
    "files.ConvertImage": {"file_id": FILE, "format": "webp"},
    "files.RegisterFont": {"file_id": FILE},
    "designs.CreatePoster": {"title": "Spring sale", "width": 1080, "height": 1920,
                             "layers": [{"name": "background", "elements": [SHAPE]}]},
    "designs.UpdatePoster": {"title": "Spring sale (final)"},
    "designs.CreateLayer": {"name": "text"},
    "designs.UpdateLayer": {"visible": False},
    "designs.UpdateLayerOrder": {"layer_ids": ["lyr_01JD8Y3Q7Z0000000000000005"]},
    "designs.CreateElements": {"elements": [{"layer_id": "lyr_01JD8Y3Q7Z0000000000000005", "body": SHAPE}]},
    "designs.UpdateElement": {"z": 3},
    "designs.ExportPoster": {"scale": 0.5},
    "designs.SaveTemplate": {"name": "Spring", "category": "festival", "tags": ["red"]},
    "designs.CreateFromTemplate": {"title": "Summer sale"},
    "tasks.CreateTask": {"type": "poster.generate", "params": {
        "prompt": "Autumn jazz night at the riverside", "subtitle": "Saturday 8pm, Pier 4", "style": "retro",
        "size": {"width": 1080, "height": 1920}, "palette": ["#f2e3c6", "#e07a5f"]}},
    "tasks.UpdateProgress": {"lease_id": LEASE, "progress": 45, "stage": "composed the layout"},
    "tasks.StoreTaskOutput": {"lease_id": LEASE, "filename": "preview.png", "content_type": "image/png",
                              "data_base64": DOT_PNG},
    "tasks.CreateTaskPoster": {"lease_id": LEASE, "title": "Autumn jazz night", "width": 1080, "height": 1920,
                               "background": {"color": "#f2e3c6"}, "layers": [{"name": "Decoration",
                                                                               "elements": [SHAPE]}]},
    "tasks.CompleteTask": {"lease_id": LEASE, "result": {"poster_id": PATH_VALUES["poster_id"],
                                                         "preview_file_id": FILE}},
    "tasks.FailTask": {"lease_id": LEASE, "error": {"code": "render-error", "message": "the model gave up"}},
    "users.GetContacts": {"user_ids": [USER]},
    "users.ListUserIds": {"limit": 25},
    "notifications.MarkRead": {},
    "notifications.UpdatePreferences": {"email_enabled": False},
    "notifications.SendBatch": {"title": "Maintenance tonight", "body": "The service pauses 02:00-02:15 UTC.",
                                "user_ids": [USER]},
    "notifications.SendRealtime": {"user_id": USER, "title": "Welcome", "body": "Your first poster awaits."},
    "notifications.SendEmail": {"to": "ada@example.com", "template": "verify-email", "data": {
        "username": "ada", "token": "ev_sampleSampleSampleSampleSampleSampleSample", "minutes": "60",
        "link": "https://app.example.com/verify-email?token=ev_sampleSampleSampleSampleSampleSampleSample"}},
    "notifications.CloseConnections": {"user_id": USER, "session_id": "ses_01JD8Y3Q7Z0000000000000002",
                                       "reason": "logout"},
    "designs.ImportPoster": {"owner_id": USER, "task_id": TASK, "attempt": 1, "title": "Autumn jazz night",
                             "width": 1080, "height": 1920, "layers": [{"name": "Decoration", "elements": [SHAPE]}]},
    "files.ResolveFont": {"user_id": USER, "font_id": "fnt_01JD8Y3Q7Z0000000000000003"},
    "files.ResolveFonts": {"user_id": USER, "font_ids": ["fnt_01JD8Y3Q7Z0000000000000003"]},
    "designs.ResolveTemplate": {"user_id": USER, "template_id": "tpl_01JD8Y3Q7Z0000000000000005"},
    "storage.BeginStore": {"user_id": USER, "kind": "image", "filename": "photo-cutout.png",
                           "content_type": "image/png", "size": 5_800_000},
    "storage.FinishStore": {"user_id": USER, "file_id": FILE},
    "media.RemoveBackground": {"file_id": FILE},
    "media.SmartCrop": {"file_id": FILE, "aspect": "1:1"},
    "media.AddWatermark": {"file_id": FILE, "text": "© Design Agent", "anchor": "bottom-right", "opacity": 0.4},
    "media.CreateBatchJob": {"items": [{"file_id": FILE, "operations": [
        {"op": "remove_background"}, {"op": "resize", "width": 800}, {"op": "convert", "format": "webp"}]}]},
    "files.RegisterAsset": {"file_id": FILE, "name": "春节海报 background", "category": "backgrounds",
                            "tags": ["red"]},
}
QUERIES: dict[str, list[tuple[str, str]]] = {
    "users.ListUsers": [("limit", "20")], "storage.ListFiles": [("kind", "image")],
    "files.ListFonts": [("scope", "public"), ("cjk", "true")], "files.ListAssets": [("category", "backgrounds")],
    "files.SearchAssets": [("q", "海报")],
}
S3_NOTIFICATION = {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                                "eventName": "ObjectCreated:Post", "s3": {
                                    "bucket": {"name": "design-agent-sample-files"},
                                    "object": {"key": f"incoming/{USER}/{FILE}/photo.jpg", "size": 1024}}}]}
AUTHORIZED = {"subject": USER, "role": "user", "session_id": "ses_01JD8Y3Q7Z0000000000000002", "kind": "user",
              "jti": "jti_sample", "exp": 1900000000, "principalId": USER}


def _match(op: Operation, fn: LocalFunction) -> tuple[str, Match]:
    assert op.path is not None
    assert op.method is not None
    path = op.path.format(**PATH_VALUES)
    route = Route(op.method, op.path, _compile(op.path), fn, 0)
    found = route.pattern.match(path)
    assert found is not None
    return path, Match(route, found.groupdict())


def sample(service: Service, op: Operation, fn: LocalFunction) -> dict[str, Any]:
    key = f"{service.name}.{op.name}"
    headers = [("Content-Type", "application/json"), ("User-Agent", "sample/1.0")]
    if op.trigger is Trigger.HTTP:
        path, match = _match(op, fn)
        if op.auth is not Auth.NONE:
            headers.append(("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.sample.sig"))
        body = json.dumps(BODIES[key]).encode() if key in BODIES else b""
        return proxy_event(stage=STAGE, method=op.method or "GET", path=path, match=match, headers=headers,
                           query=QUERIES.get(key, []), body=body, source_ip="203.0.113.10",
                           request_id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                           authorizer=None if op.auth is Auth.NONE else AUTHORIZED)
    if op.trigger is Trigger.AUTHORIZER:
        http = next(o for o in service.http_operations if o.auth is not Auth.NONE)
        path, match = _match(http, fn)
        return authorizer_event(stage=STAGE, method=http.method or "GET", path=path, match=match,
                                headers=[*headers, ("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.sample.sig")],
                                query=[], source_ip="203.0.113.10", request_id="c6af9ac6-sample")
    if op.trigger is Trigger.INTERNAL:
        return {"operation": op.name, "body": BODIES.get(key, {}), "correlation_id": "c6af9ac6-sample"}
    if op.trigger is Trigger.QUEUE:
        queue_body = QUEUE_BODIES[key]() if key in QUEUE_BODIES else S3_NOTIFICATION
        message = {"MessageId": "059f36b4-87a3-44ab-83d2-661975830a7d", "ReceiptHandle": "AQEBwJnKyrHigUMZj6rYigCg",
                   "Body": json.dumps(queue_body), "Attributes": {"ApproximateReceiveCount": "1"}}
        return sqs_event([message], f"arn:aws:sqs:us-east-1:000000000000:design-agent-{STAGE}-{op.source}")
    if op.trigger is Trigger.STREAM and key in STREAM_RECORDS:
        return {"Records": [STREAM_RECORDS[key](op)]}
    if op.trigger is Trigger.STREAM:
        poster = {"pk": {"S": "POSTER#pst_01JD8Y3Q7Z0000000000000004"}, "sk": {"S": "META"},
                  "poster_id": {"S": "pst_01JD8Y3Q7Z0000000000000004"}, "owner_id": {"S": USER},
                  "title": {"S": "Spring sale"}, "version": {"N": "3"}}
        return {"Records": [{
            "eventID": "c81e728d9d4c2f636f067f89cc14862c", "eventName": "REMOVE", "eventVersion": "1.1",
            "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
            "eventSourceARN": f"arn:aws:dynamodb:us-east-1:000000000000:table/design-agent-{STAGE}-{op.source}/"
                              "stream/2026-11-26T00:00:00.000",
            "dynamodb": {"Keys": {"pk": poster["pk"], "sk": poster["sk"]}, "OldImage": poster,
                         "SequenceNumber": "1100000000017454423009", "SizeBytes": 180,
                         "StreamViewType": "NEW_AND_OLD_IMAGES"}}]}
    if op.trigger is Trigger.WEBSOCKET:
        route = str(op.route)
        kind = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route, "MESSAGE")
        frame = None if kind != "MESSAGE" else json.dumps(
            {"action": route, "task_id": TASK} if not route.startswith("$") else {"action": "ping"})
        return websocket_event(route, kind, connection_id="L0SM9cOFvHcCIhw=", connected_at=1795737600.0,
                               source_ip="203.0.113.10", user_agent="sample/1.0", stage=STAGE,
                               domain="abc123.execute-api.us-east-1.amazonaws.com", body=frame,
                               query={"token": "eyJhbGciOiJFUzI1NiJ9.sample.sig"} if kind == "CONNECT" else None)
    if op.trigger is Trigger.SCHEDULE:
        return scheduled_event(function_name(STAGE, service.name, op.name))
    if op.trigger is Trigger.SECRET_ROTATION:
        return {"SecretId": f"arn:aws:secretsmanager:us-east-1:000000000000:secret:design-agent/{STAGE}/keys",
                "ClientRequestToken": "5f0e0b48-2f0b-4c67-9d4e-3f3f3f3f3f3f", "Step": "createSecret"}
    raise ValueError(f"no sample for trigger {op.trigger}")


# --- domain events on the bus ----------------------------------------------------------------------------
def _sample_task() -> Task:
    created = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    return Task(task_id=TASK, user_id=USER, type="poster.generate",
                params=PosterGenerateParams.model_validate(BODIES["tasks.CreateTask"]["params"]), status="queued",
                attempt=1, max_attempts=3, quota="reserved", created_at=created, updated_at=created)


def bus_samples() -> dict[str, dict[str, Any]]:
    """One EventBridge event per domain event type, as a rule delivers it to a queue."""
    task = _sample_task()
    running = task.model_copy(update={"status": "running", "worker_id": PATH_VALUES["client_id"], "lease_id": LEASE,
                                      "lease_expires_at": task.updated_at})
    result = TaskResult.model_validate(BODIES["tasks.CompleteTask"]["result"])
    steps = {p: ProgressStep(progress=p, stage=stage, at=task.updated_at)
             for p, stage in ((25, "fetched 1 reference image(s)"), (45, "composed the layout"))}
    progressed = running.model_copy(update={"progress": 45, "stage": "composed the layout", "steps": steps})
    changes = [(task.model_copy(update={"status": "pending"}), task), (task, running),
               (running.model_copy(update={"progress": 25, "steps": {25: steps[25]}}), progressed),
               (progressed, progressed.model_copy(update={"status": "succeeded", "result": result, "progress": 100})),
               (progressed, progressed.model_copy(update={"status": "failed", "quota": "refund_due", "error": TaskError(
                   code="render-error", message="the model gave up")})),
               (task, task.model_copy(update={"status": "cancelled", "quota": "refund_due"})),
               (task.model_copy(update={"status": "failed"}), task.model_copy(update={"attempt": 2}))]
    events: list[DomainEvent] = [e for old, new in changes for e in events_for(old, new)]
    events.append(PosterDeleted(poster_id=PATH_VALUES["poster_id"], owner_id=USER, task_id=TASK))
    events.append(MediaJobCompleted(job_id=PATH_VALUES["job_id"], user_id=USER, total=20, succeeded=18, failed=2,
                                    created_at=task.created_at, completed_at=task.updated_at))
    out: dict[str, dict[str, Any]] = {}
    for n, event in enumerate(events):
        source = (EVENT_SOURCE if isinstance(event, TaskEvent) else MEDIA_SOURCE
                  if isinstance(event, MediaJobCompleted) else "design-agent.designs")
        body = envelope(event, source, event_id=f"evt_c81e728d9d4c2f636f067f89cc14862c_{n}",
                        correlation_id="c6af9ac6-sample")
        body.metadata.occurred_at = datetime(2026, 11, 26, 9, 30, 5, tzinfo=UTC)
        out.setdefault(event.event_type, {
            "version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": event.event_type,
            "source": source, "account": "000000000000", "time": "2026-11-26T09:30:05Z", "region": "us-east-1",
            "resources": [], "detail": body.model_dump(mode="json")})
    return out


def bus_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each event's ``detail``: the versioned envelope around the event's own model."""
    models: list[type[DomainEvent]] = [*TASK_EVENTS, PosterDeleted, *MEDIA_EVENTS]
    return {model.event_type: {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"{model.event_type} v{model.version}",
        "description": (model.__doc__ or "").strip(), "type": "object", "required": ["metadata", "data"],
        "properties": {"metadata": EventMetadata.model_json_schema(), "data": model.model_json_schema()}}
        for model in models}


def _task_queue_body() -> dict[str, Any]:
    return bus_samples()["TaskQueued"]


def _modify_record(op: Operation, event_id: str, sequence: str, old: dict[str, Any],
                   new: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB stream MODIFY record of ``op``'s source table, as the event source mapping delivers it."""
    return {"eventID": event_id, "eventName": "MODIFY", "eventVersion": "1.1",
            "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
            "eventSourceARN": f"arn:aws:dynamodb:us-east-1:000000000000:table/design-agent-{STAGE}-{op.source}/"
                              "stream/2026-11-26T00:00:00.000",
            "dynamodb": {"Keys": {"pk": new["pk"], "sk": new["sk"]}, "OldImage": old, "NewImage": new,
                         "SequenceNumber": sequence, "SizeBytes": len(json.dumps(new)),
                         "StreamViewType": "NEW_AND_OLD_IMAGES"}}


def _task_stream_record(op: Operation) -> dict[str, Any]:
    task = _sample_task()
    image = to_item({**task.model_dump(mode="json", exclude_none=True), "pk": f"TASK#{TASK}", "sk": "META"})
    old = {**image, "status": {"S": "pending"}, "quota": {"S": "reserving"}}
    return _modify_record(op, "c81e728d9d4c2f636f067f89cc14862c", "1100000000017454423010", old, image)


QUEUE_BODIES: dict[str, Callable[[], dict[str, Any]]] = {
    "tasks.FailUndeliveredTasks": _task_queue_body,
    "notifications.ConsumeTaskEvents": lambda: bus_samples()["TaskProgressed"],
    "notifications.ConsumeMediaEvents": lambda: bus_samples()["MediaJobCompleted"],
    "media.ProcessMediaItem": lambda: {"job_id": PATH_VALUES["job_id"], "index": 0, "correlation_id": "c6af9ac6"},
    "media.FailMediaItems": lambda: {"job_id": PATH_VALUES["job_id"], "index": 0, "correlation_id": "c6af9ac6"},
    "notifications.DeliverBatch": lambda: {"batch_id": "bat_01JD8Y3Q7Z000000000000000B", "chunk": "0",
                                           "user_ids": [USER], "last": True},
}


def _media_stream_record(op: Operation) -> dict[str, Any]:
    """The last item of a job finished: nothing remains, so the publisher completes the job."""
    job_id = PATH_VALUES["job_id"]
    image = to_item({"pk": f"JOB#{job_id}", "sk": "META", "job_id": job_id, "user_id": USER, "total": 20,
                     "succeeded": 18, "failed": 2, "remaining": 0, "status": "queued",
                     "created_at": "2026-11-26T09:30:00Z", "correlation_id": "c6af9ac6-sample"})
    old = {**image, "succeeded": {"N": "17"}, "remaining": {"N": "1"}}
    return _modify_record(op, "a87ff679a2f3e71d9181a67b7542122c", "1100000000017454423011", old, image)


STREAM_RECORDS: dict[str, Callable[[Operation], dict[str, Any]]] = {"tasks.PublishTaskEvents": _task_stream_record,
                                                                    "media.PublishMediaJobs": _media_stream_record}


def bus_path(event_type: str, schema: bool = False) -> Path:
    return ROOT / "events" / "bus" / f"{event_type}{'.schema' if schema else ''}.json"


def _write_or_check(target: Path, content: dict[str, Any], check: bool, problems: list[str]) -> None:
    text = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
    if not check:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    elif not target.exists() or target.read_text() != text:
        problems.append(f"{'missing' if not target.exists() else 'out of date'}: {target.relative_to(ROOT)}")


def path_of(service: Service, op: Operation) -> Path:
    return ROOT / "events" / service.name / f"{op.name}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--force", action="store_true", help="rewrite samples that exist already")
    args = parser.parse_args(argv)
    from functions.registry import SERVICES

    registry = FunctionRegistry(SERVICES, STAGE)
    missing = []
    for service in SERVICES:
        for op in service.operations:
            target = path_of(service, op)
            if args.check:
                if not target.exists():
                    missing.append(str(target.relative_to(ROOT)))
                continue
            if target.exists() and not args.force:
                continue
            fn = registry.functions[function_name(STAGE, service.name, op.name)]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(sample(service, op, fn), indent=2, ensure_ascii=False) + "\n")
    for event_type, schema in bus_schemas().items():
        _write_or_check(bus_path(event_type, schema=True), schema, args.check, missing)
    for event_type, event in bus_samples().items():
        _write_or_check(bus_path(event_type), event, args.check, missing)
    for name in missing:
        print(f"missing sample event: {name}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
