"""``python -m load.capacity``: the capacity and cost model of ``docs/capacity.md``, computed, never typed in.

Inputs, each from one place:
- DynamoDB requests per operation: measured now by the same code that pins them in
  ``tests/unit/test_request_counts.py`` (``bench.request_counts``, moto in-process);
- each function's memory size: the service descriptions (``functions/*/service.py``); its duration: ``DURATION_MS``
  below, warm p50s measured in a deployed-like run and stated there;
- prices: ``load/aws_prices.py``;
- the usage profile of a monthly active user: ``PROFILE`` below (an assumption, stated in the document).

It writes ``docs/capacity.md`` (``--check``: exit 1 if the file differs from what the inputs give)."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from load import aws_prices as price  # noqa: E402

DOC = ROOT / "docs" / "capacity.md"
SCALES = (1_000, 100_000, 1_000_000)
SECONDS_PER_MONTH = 30 * 86_400
PEAK_TO_MEAN = 6.0  # the busiest second of a day against the month's mean (evening peaks of a consumer product)
WS_MINUTES_PER_SESSION = 20  # a WebSocket connection open while the editor is


@dataclass(frozen=True)
class Use:
    """One thing a user does: the API operations it takes (measured DynamoDB rows) and the function that serves
    it (memory from the service description, duration below)."""

    rows: tuple[str, ...]  # rows of ``bench.request_counts.measure_operations``
    function: str  # service.Operation
    per_user_month: float
    http: bool = True  # an API Gateway request (authorizer + per-user limit in front)
    estimate: dict[str, int] | None = None  # DynamoDB requests by API, for an operation not (yet) pinned


# a monthly active user (assumption): 8 sessions; in each a sign-in, refreshes, ~15 poster reads, ~15 edits; 10
# generated posters a month (each worked by the algorithm side: claim, 8 progress reports, completion)
PROFILE: dict[str, Use] = {
    "sign in": Use(("Login again (+ Auth.IssueSession), a known source",), "users.Login", 8),
    "refresh a session": Use(("Refresh",), "auth.Refresh", 32),
    "read a poster": Use(("GetPoster (whole document)",), "designs.GetPoster", 120),
    "edit a poster": Use(("UpdatePoster",), "designs.UpdatePoster", 120),
    "add elements": Use(("CreateElements x10",), "designs.CreateElements", 20),
    "create a poster": Use(("CreatePoster (5 layers, 100 elements)",), "designs.CreatePoster", 4),
    "read the profile": Use(("GetUser",), "users.GetUser", 16),
    "generate a poster": Use(("CreateTask with Idempotency-Key (first)",), "tasks.CreateTask", 10),
    "watch a task": Use(("GetTask",), "tasks.GetTask", 30),
    "list tasks": Use(("ListTasks (20)",), "tasks.ListTasks", 16),
    "worker: claim": Use(("ClaimTask",), "tasks.ClaimTask", 10),
    "worker: progress": Use(("UpdateProgress",), "tasks.UpdateProgress", 80),
    "worker: complete": Use(("CompleteTask",), "tasks.CompleteTask", 10),
    # not pinned by the request-count test yet: estimated from the code (the record, the user's counters, the
    # quota transaction, the resolved file)
    "upload a file (token)": Use((), "storage.GetUploadToken", 6, estimate={"GetItem": 1, "PutItem": 1}),
    "upload a file (confirmation)": Use((), "storage.ConfirmUpload", 6, http=False,
                                        estimate={"GetItem": 2, "TransactWriteItems": 2}),
    "export a poster": Use((), "designs.ExportPoster", 4, estimate={"Query": 1, "BatchGetItem": 1, "PutItem": 1}),
    "a media operation": Use((), "media.AddWatermark", 4, estimate={"GetItem": 2, "TransactWriteItems": 2}),
}
# in front of every signed-in HTTP call: the per-user limit (in the function) always, the authorizer when API
# Gateway has no cached answer for the token (prod caches 30 s, cdk.json): assumed for one call in four
AUTHORIZER_SHARE = 0.25
# warm p50 duration (ms) of each function; the authorizer's includes the per-user limit (measured: the load run of
# ``make load`` on a loaded 2-core laptop gives higher figures, so these are the deployed expectations: stated)
DURATION_MS: dict[str, float] = {
    "users.Login": 180.0,  # argon2id verification dominates
    "auth.Refresh": 25.0, "designs.GetPoster": 20.0, "designs.UpdatePoster": 30.0, "designs.CreateElements": 35.0,
    "designs.CreatePoster": 60.0, "users.GetUser": 15.0, "tasks.CreateTask": 45.0, "tasks.GetTask": 15.0,
    "tasks.ListTasks": 20.0, "tasks.ClaimTask": 25.0, "tasks.UpdateProgress": 15.0, "tasks.CompleteTask": 30.0,
    "auth.Authorizer": 8.0,
    "storage.GetUploadToken": 25.0, "storage.ConfirmUpload": 120.0,  # reads the object's head, moves it
    "designs.ExportPoster": 900.0,  # renders a 1080x1920 poster (bench.render_poster) and stores the PNG
    "media.AddWatermark": 600.0,  # a 12 MP photo (bench.media_ops, ~0.3 s on a laptop core)
}
# what follows a generated poster beyond its API calls: the outbox stream consumer publishes 11 events, the
# notifications consumer turns them into 11 inbox writes and WebSocket pushes (progress is kept read), one e-mail
EVENTS_PER_TASK = 11
PREVIEW_MB = 0.6  # the rendered poster preview stored per task
# capacity units per DynamoDB request (items under 1 KB written, 4 KB read, strongly consistent; a transaction
# of ~3 items costs 2 units an item)
UNITS = {"GetItem": ("r", 1), "Query": ("r", 2), "BatchGetItem": ("r", 2), "Scan": ("r", 4),
         "PutItem": ("w", 1), "UpdateItem": ("w", 1), "DeleteItem": ("w", 1), "BatchWriteItem": ("w", 25),
         "TransactWriteItems": ("w", 6), "TransactGetItems": ("r", 4)}


def measured_rows() -> dict[str, Counter[str]]:
    """The DynamoDB requests of each operation, measured in-process on moto (no endpoint, no real account)."""
    for key, value in {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
                       "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        os.environ.setdefault(key, value)
    for key in [k for k in os.environ if k.startswith("AWS_ENDPOINT_URL")]:
        del os.environ[key]
    from design_agent.clients import AwsClients
    from moto import mock_aws

    from bench.request_counts import build, measure_operations

    with mock_aws():
        return measure_operations(build(AwsClients()))


def memory_mb(function: str) -> int:
    from functions.registry import SERVICES

    service, operation = function.split(".")
    for svc in SERVICES:
        for op in svc.operations:
            if svc.name == service and op.name == operation:
                return op.memory_mb
    raise KeyError(function)


@dataclass
class Month:
    users: int
    http: float = 0.0
    invocations: float = 0.0
    gb_seconds: float = 0.0
    busy_seconds: float = 0.0  # execution time: at a rate, concurrency = rate x duration
    authorizer_seconds: float = 0.0
    ddb_requests: float = 0.0
    rru: float = 0.0
    wru: float = 0.0
    tasks: float = 0.0

    def add(self, calls: Counter[str], times: float) -> None:
        for name, n in calls.items():
            kind, units = UNITS.get(name, ("r", 1))
            self.ddb_requests += n * times
            if kind == "r":
                self.rru += n * units * times
            else:
                self.wru += n * units * times


def month(users: int, rows: dict[str, Counter[str]]) -> Month:
    m = Month(users)
    limit = rows["Per-user limit, full bucket"]
    authorizer = rows["Authorizer"]
    for use in PROFILE.values():
        n = use.per_user_month * users
        for row in use.rows:
            m.add(rows[row], n)
        if use.estimate:
            m.add(Counter(use.estimate), n)
        m.invocations += n
        m.busy_seconds += n * DURATION_MS[use.function] / 1000
        m.gb_seconds += n * DURATION_MS[use.function] / 1000 * memory_mb(use.function) / 1024
        if use.http:
            m.http += n
            m.add(limit, n)
            runs = n * AUTHORIZER_SHARE
            m.add(authorizer, runs)
            m.invocations += runs
            m.busy_seconds += runs * DURATION_MS["auth.Authorizer"] / 1000
            m.authorizer_seconds += runs * DURATION_MS["auth.Authorizer"] / 1000
            m.gb_seconds += runs * DURATION_MS["auth.Authorizer"] / 1000 * memory_mb("auth.Authorizer") / 1024
    m.tasks = PROFILE["generate a poster"].per_user_month * users
    # behind each task: stream consumer + notifications consumer invocations (batches of ~5 events) and their
    # writes (an inbox message and a counter per event)
    consumers = m.tasks * 2 * EVENTS_PER_TASK / 5  # invocations of 50 ms at 512 MB
    m.invocations += consumers
    m.busy_seconds += consumers * 0.05
    m.gb_seconds += consumers * 0.05 * 0.5
    m.wru += m.tasks * EVENTS_PER_TASK * 6
    m.ddb_requests += m.tasks * EVENTS_PER_TASK * 2
    return m


def cost(m: Month) -> dict[str, float]:
    sessions = 8 * m.users
    return {
        "API Gateway (REST)": m.http / 1e6 * price.REST_API_PER_MILLION_REQUESTS,
        "API Gateway (WebSocket)": (m.tasks * EVENTS_PER_TASK / 1e6 * price.WEBSOCKET_PER_MILLION_MESSAGES
                                    + sessions * WS_MINUTES_PER_SESSION / 1e6
                                    * price.WEBSOCKET_PER_MILLION_CONNECTION_MINUTES),
        "Lambda": (m.invocations / 1e6 * price.LAMBDA_PER_MILLION_REQUESTS
                   + m.gb_seconds * price.LAMBDA_PER_GB_SECOND),
        "DynamoDB": (m.wru / 1e6 * price.DYNAMODB_PER_MILLION_WRITE_UNITS
                     + m.rru / 1e6 * price.DYNAMODB_PER_MILLION_READ_UNITS),
        "S3 (previews, stored a month)": (m.tasks * PREVIEW_MB / 1024 * price.S3_PER_GB_MONTH
                                          + m.tasks / 1000 * price.S3_PER_THOUSAND_PUTS),
        "SQS + EventBridge": (m.tasks * EVENTS_PER_TASK * 3 / 1e6 * price.SQS_PER_MILLION_REQUESTS
                              + m.tasks * EVENTS_PER_TASK / 1e6 * price.EVENTBRIDGE_PER_MILLION_EVENTS),
        "SES (completion mail)": m.tasks / 1000 * price.SES_PER_THOUSAND_EMAILS,
    }


def _rate(per_month: float) -> float:
    return per_month / SECONDS_PER_MONTH * PEAK_TO_MEAN


def render(rows: dict[str, Counter[str]]) -> str:
    months = [month(users, rows) for users in SCALES]
    lines = [
        "# Capacity and cost model",
        "",
        "Generated by `python -m load.capacity` (`make capacity`) from the DynamoDB requests each operation makes "
        "(measured by the code that pins them in `tests/unit/test_request_counts.py`), each function's memory size "
        "(service descriptions), warm durations and the usage profile stated in `load/capacity.py`, and the prices "
        f"in `load/aws_prices.py` ({price.REGION}, on-demand, no free tier). Edit those, not this file; "
        "`make test` fails when this file is not what they give.",
        "",
        "## Usage profile of a monthly active user (assumption)",
        "",
        "| What | Per user a month | Function | DynamoDB requests each |",
        "|---|---:|---|---:|",
    ]
    for what, use in PROFILE.items():
        requests = sum(sum(rows[r].values()) for r in use.rows)
        shown = f"{requests}" if use.estimate is None else f"~{sum(use.estimate.values())} (estimate)"
        lines.append(f"| {what} | {use.per_user_month:g} | `{use.function}` ({memory_mb(use.function)} MB, "
                     f"{DURATION_MS[use.function]:g} ms) | {shown} |")
    lines += [
        "",
        "Every signed-in HTTP call takes a token from the caller's per-user limit "
        f"({sum(rows['Per-user limit, full bucket'].values())} DynamoDB request) and, when API Gateway has no "
        f"cached answer for its token, runs the authorizer (`auth.Authorizer`, {memory_mb('auth.Authorizer')} MB, "
        f"{sum(rows['Authorizer'].values())} request): prod caches it 30 s (`authorizer_cache_ttl_s`), assumed "
        f"here to leave one call in {1 / AUTHORIZER_SHARE:g} to the authorizer. Behind every "
        f"generated poster: {EVENTS_PER_TASK} task events through the outbox stream, EventBridge, SQS and the "
        "notifications consumer (an inbox write and a WebSocket push each), one e-mail, a "
        f"{PREVIEW_MB:g} MB preview. Peak rate = monthly mean x {PEAK_TO_MEAN:g}.",
        "",
        "## Load at three scales",
        "",
        "| Monthly active users | " + " | ".join(f"{m.users:,}" for m in months) + " |",
        "|---|" + "---:|" * len(months),
        "| API requests a month | " + " | ".join(f"{m.http / 1e6:,.2f} M" for m in months) + " |",
        "| Peak API requests/s | " + " | ".join(f"{_rate(m.http):,.1f}" for m in months) + " |",
        "| Lambda invocations a month | " + " | ".join(f"{m.invocations / 1e6:,.2f} M" for m in months) + " |",
        "| Peak Lambda concurrency (rate x duration) | "
        + " | ".join(f"{_rate(m.busy_seconds):,.1f}" for m in months) + " |",
        "| DynamoDB requests a month | " + " | ".join(f"{m.ddb_requests / 1e6:,.2f} M" for m in months) + " |",
        "| Peak DynamoDB write units/s (all tables) | " + " | ".join(f"{_rate(m.wru):,.0f}" for m in months) + " |",
        "| Peak DynamoDB read units/s (all tables) | " + " | ".join(f"{_rate(m.rru):,.0f}" for m in months) + " |",
        "| Generated posters a month | " + " | ".join(f"{m.tasks:,.0f}" for m in months) + " |",
        "",
        "## Monthly cost (USD)",
        "",
        "| Service | " + " | ".join(f"{m.users:,} users" for m in months) + " |",
        "|---|" + "---:|" * len(months),
    ]
    costs = [cost(m) for m in months]
    for service in costs[0]:
        lines.append(f"| {service} | " + " | ".join(f"{c[service]:,.2f}" for c in costs) + " |")
    lines.append("| **Total** | " + " | ".join(f"**{sum(c.values()):,.2f}**" for c in costs) + " |")
    lines.append("| per 1,000 generated posters | "
                 + " | ".join(f"{sum(c.values()) / m.tasks * 1000:,.2f}" for c, m in zip(costs, months, strict=True))
                 + " |")
    lines.append("| per user | " + " | ".join(f"{sum(c.values()) / m.users:,.4f}"
                                             for c, m in zip(costs, months, strict=True)) + " |")
    top = months[-1]
    lines += [
        "",
        "Not in these figures: the algorithm side (the workers' own compute), CloudFront egress of downloads "
        f"(${price.CLOUDFRONT_PER_GB_OUT}/GB), storage that users keep beyond a month, CloudWatch logs and metrics, "
        "and the free tier.",
        "",
        "## What is hit first, and how it is raised or designed around (at 1M users)",
        "",
        f"- **Lambda concurrency** — peak ≈ {_rate(top.busy_seconds):,.0f} concurrent executions against the "
        "regional default of 1,000 (a new account may start lower; raised by a quota request). The authorizer "
        f"takes {top.authorizer_seconds / top.busy_seconds:.0%} of the execution time with its 30 s cache; with "
        "no cache (dev) it runs for every call.",
        f"- **API Gateway** — peak ≈ {_rate(top.http):,.0f} requests/s against the account's 10,000 requests/s per "
        "Region (burst 5,000): the stage throttle (`stage_limit`) keeps a runaway client from taking it; raised "
        "by a quota request.",
        f"- **DynamoDB** — on-demand tables scale per table to 40,000 read and 40,000 write units/s by default "
        f"(peak here ≈ {_rate(top.wru):,.0f} write units/s across all tables). A single partition takes 1,000 "
        "write / 3,000 read units/s: the hot keys are named below; none is a per-platform counter.",
        "- **Hot keys** — `users` index `gsi1` has one partition (`gsi1pk = USERS`, the admin's list of users): "
        "written once per sign-up and per profile change, so ~1,000 sign-ups/s before it throttles; a poster's "
        "partition (`POSTER#<id>`) takes every edit of that poster (one user's editor: far below 1,000/s); a "
        "user's `STATS`, `COUNTER` and quota items take that user's writes only. The per-user limit item is "
        "written on every call of that user (its token bucket): one user's rate, far below a partition's limit.",
        "- **WebSocket API** — 500 new connections/s per account-Region by default: a reconnect storm (every "
        f"client after a deployment; {top.users * 0.05:,.0f} open editors if 5% of users are on at once) takes "
        "minutes unless clients reconnect with a random delay.",
        "- **EventBridge** — PutEvents of the task outbox: "
        f"≈ {_rate(top.tasks * EVENTS_PER_TASK):,.0f} events/s at peak against a default of 10,000/s in "
        f"{price.REGION}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.capacity", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/capacity.md is not what it gives")
    args = parser.parse_args(argv)
    text = render(measured_rows())
    if args.check:
        same = DOC.exists() and DOC.read_text() == text
        print("docs/capacity.md is up to date" if same else "docs/capacity.md differs: run make capacity")
        return 0 if same else 1
    DOC.write_text(text)
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
