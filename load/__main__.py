"""``make load`` (``python -m load``): the local platform under simulated users for a fixed time, then the
invariants read from what it stores. ``--chaos`` (``make load CHAOS=1``) runs the platform with its faults on.

Starts its own platform (own ports, a fresh data folder under ``build/load/``, reference workers), runs Locust
headless against it (loopback only, bounded in users and time), lets the platform settle (every queue drained,
every task ended or legitimately running), reads the tables, bucket and queues, and writes:

- ``build/load/report.html`` — Locust's report; ``build/load/stats.json`` — its statistics
- ``build/load/summary.json`` — requests/s, p50/p95/p99 per operation, errors by status, the invariants, the
  faults injected
Exit status 1 when an invariant does not hold or a request failed."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

import boto3  # noqa: E402
import requests  # noqa: E402

from functions.tasks.service import TASKS_TABLE  # noqa: E402
from load.invariants import Snapshot, check_all, read_acks  # noqa: E402
from load.stats import by_operation, errors_by_status  # noqa: E402
from local_platform.ports import free_port  # noqa: E402
from local_platform.sigv4 import signed_headers  # noqa: E402

OUT = ROOT / "build" / "load"
STAGE = "load"
KEYS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1"}
ACTIVE = ("pending", "queued", "running")
MIB = 1024 * 1024
SOAK_GROWTH_MIB = 60  # what the platform may grow by from the early to the late samples, beyond what it stored
SOAK_LATENCY_RATIO = 1.5  # late p50 over early p50
WARM_UP_S = 60  # samples before this (sign-ups, cold starts) are not compared


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("LOAD_DURATION_S", "120")),
                        help="seconds of load (default 120; LOAD_DURATION_S)")
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "8")),
                        help="simulated users (default 8; LOAD_USERS)")
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second")
    parser.add_argument("--workers", type=int, default=3, help="reference workers (the algorithm side)")
    parser.add_argument("--chaos", action="store_true", default=os.environ.get("CHAOS", "") not in ("", "0"),
                        help="inject faults (the platform's --chaos; CHAOS=1)")
    parser.add_argument("--settle", type=float, default=120.0, help="seconds to wait for the platform to settle")
    parser.add_argument("--soak", action="store_true",
                        help="sample the platform's memory and the API's latency every 30 s and require the late "
                             "samples to stay near the early ones (make soak)")
    return parser.parse_args(argv)


class PortTaken(Exception):
    """A port picked free was bound by someone else before the platform bound it (ports are picked, then bound
    seconds later, after the platform's imports): the run starts again on other ports."""


def start_platform(workers: int, chaos: bool, attempts: int = 3) -> LocalRun:
    """A ready platform; one whose picked port was taken meanwhile is started again on other ports."""
    for attempt in range(1, attempts + 1):
        run = LocalRun(workers, chaos)
        try:
            run.wait_ready()
            return run
        except PortTaken:
            run.stop()
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


class LocalRun:
    """The platform of one load run, on ports of its own, its output in ``build/load/platform.log``."""

    def __init__(self, workers: int, chaos: bool) -> None:
        self.http_port, self.ws_port, self.moto_port = free_port(), free_port(), free_port()
        self.url, self.ws_url = f"http://127.0.0.1:{self.http_port}", f"ws://127.0.0.1:{self.ws_port}"
        self.moto_url = f"http://127.0.0.1:{self.moto_port}"
        self.log_path = OUT / "platform.log"
        self._ready_at = 0
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        args = ["--http-port", str(self.http_port), "--ws-port", str(self.ws_port), "--moto-port",
                str(self.moto_port), "--stage", STAGE, "--workers", str(workers), "--data-dir", str(OUT / "data"),
                "--reset", "--no-reload", "--json-logs", "--no-stage-throttle", "--no-source-limit",
                *(["--chaos"] if chaos else [])]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "local_platform", *args], cwd=ROOT,
                                            env={**env, **KEYS}, stdout=log, stderr=subprocess.STDOUT)
        self.session = boto3.Session(aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"], region_name="us-east-1",
                                     aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.moto_url)

    def wait_ready(self, within_s: float = 180) -> None:
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.log_path.read_text()
                if "Address already in use" in output:
                    raise PortTaken(output[-300:])
                raise SystemExit(f"the platform exited:\n{output[-3000:]}")
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    self._ready_at = self.log_path.stat().st_size  # the access log judged starts here
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit(f"the platform was not ready in {within_s:g} s")

    def local(self, path: str, timeout_s: float = 60) -> Any:
        url = f"{self.url}{path}"
        headers = signed_headers("GET", url, b"", "execute-api", KEYS["AWS_ACCESS_KEY_ID"],
                                 KEYS["AWS_SECRET_ACCESS_KEY"])
        return requests.get(url, headers=headers, timeout=timeout_s).json()

    def settle(self, within_s: float) -> dict[str, Any]:
        """Wait until no queue holds a message and no task is still to be worked (or ``within_s``): what is left
        then is for the invariants to judge."""
        sqs, started = self.client("sqs"), time.monotonic()
        queues = [u for u in sqs.list_queues(QueueNamePrefix=f"design-agent-{STAGE}-").get("QueueUrls", [])
                  if not u.endswith("-dlq")]
        while True:
            waiting = sum(int(v) for url in queues for v in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"].values())
            active = self._active_tasks()
            if (waiting == 0 and active == 0) or time.monotonic() - started > within_s:
                time.sleep(3)  # the stream consumers' last batches
                return {"seconds": round(time.monotonic() - started, 1), "messages_waiting": waiting,
                        "tasks_active": active}
            time.sleep(1)

    def _active_tasks(self) -> int:
        """Tasks still to be worked: a scan of the tasks table only (not a whole snapshot a second)."""
        pages = self.client("dynamodb").get_paginator("scan").paginate(
            TableName=TASKS_TABLE.physical_name(STAGE), ProjectionExpression="sk, #s",
            ExpressionAttributeNames={"#s": "status"})
        return sum(1 for page in pages for item in page.get("Items", [])
                   if item["sk"]["S"] == "META" and item.get("status", {}).get("S") in ACTIVE)

    def session_at_moto(self) -> Any:
        return _AtEndpoint(self.session, self.moto_url)

    def access_log(self, since: int | None = None) -> list[dict[str, Any]]:
        """The gateway's access lines after start (or after byte ``since`` of the log)."""
        lines = []
        with self.log_path.open("rb") as log:
            log.seek(self._ready_at if since is None else since)
            text = log.read().decode(errors="replace")
        for line in text.splitlines():
            if line.startswith("{") and '"status"' in line and '"path"' in line:
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    continue
        return lines

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class _AtEndpoint:
    """A boto3 session whose clients all talk to one endpoint."""

    def __init__(self, session: Any, endpoint: str) -> None:
        self._session, self._endpoint = session, endpoint

    def client(self, service: str) -> Any:
        return self._session.client(service, endpoint_url=self._endpoint)


class Sampler(threading.Thread):
    """Every ``every_s``: the platform's resident memory (and its functions' workers'), what the emulator stores,
    and the API's latency over the requests of that window (from the access log)."""

    def __init__(self, run: LocalRun, every_s: float = 30.0) -> None:
        super().__init__(name="soak-sampler", daemon=True)
        self.run_, self.every_s = run, every_s
        self.samples: list[dict[str, Any]] = []
        self.stopped = threading.Event()
        # LOAD_ALLOCATIONS=1: the platform traces its allocations from the warm-up on; at the end, what they kept
        self.tracing = os.environ.get("LOAD_ALLOCATIONS", "") not in ("", "0")
        self.allocations: dict[str, Any] = {}

    def run(self) -> None:
        started, offset = time.monotonic(), self.run_.log_path.stat().st_size
        while not self.stopped.wait(self.every_s):
            size = self.run_.log_path.stat().st_size
            window = [line for line in self.run_.access_log(since=offset) if "latencyMs" in line]
            offset = size
            workers = self.run_.local("/_local/workers")
            stored = self.run_.local("/_local/emulator")
            latencies = sorted(float(line["latencyMs"]) for line in window)
            self.samples.append({
                "at_s": round(time.monotonic() - started), "requests": len(latencies),
                "p50_ms": latencies[len(latencies) // 2] if latencies else None,
                "p95_ms": latencies[int(len(latencies) * 0.95)] if latencies else None,
                "platform_mib": workers["platform"]["rss_bytes"] // MIB,
                "workers_mib": sum(w["rss_bytes"] for w in workers["workers"]) // MIB,
                "stored_mib": stored.get("s3", {}).get("bytes", 0) // MIB,
                "stored_items": stored.get("dynamodb", {}).get("items", 0),
                "stream_records": stored.get("dynamodb", {}).get("stream_records", 0),
                "messages": stored.get("sqs", {}).get("messages", 0)})
            if self.tracing and not self.allocations and self.samples[-1]["at_s"] > WARM_UP_S:
                self.allocations = self.run_.local("/_local/allocations")  # starts tracing
        if self.tracing:
            self.allocations = self.run_.local("/_local/allocations", timeout_s=600)
            (OUT / "allocations.json").write_text(json.dumps(self.allocations, indent=2))

    def verdict(self) -> dict[str, Any]:
        """The first fifth of the samples after the warm-up against the last fifth: memory beyond what was
        stored, and latency."""
        usable = [s for s in self.samples if s["p50_ms"] is not None and s["at_s"] > WARM_UP_S]
        if len(usable) < 5:
            return {"ok": False, "why": f"only {len(usable)} samples"}
        n = max(1, len(usable) // 5)
        early, late = usable[:n], usable[-n:]

        def mean(rows: list[dict[str, Any]], key: str) -> float:
            return sum(float(r[key]) for r in rows) / len(rows)

        grown = mean(late, "platform_mib") - mean(early, "platform_mib")
        stored = mean(late, "stored_mib") - mean(early, "stored_mib")
        ratio = mean(late, "p50_ms") / max(1.0, mean(early, "p50_ms"))
        ok = grown <= SOAK_GROWTH_MIB + stored and ratio <= SOAK_LATENCY_RATIO
        items = mean(late, "stored_items") - mean(early, "stored_items")
        return {"ok": ok, "platform_grown_mib": round(grown, 1), "stored_mib": round(stored, 1),
                "stored_items": round(items),
                "p50_late_over_early": round(ratio, 2), "bounds": {"growth_mib": f"{SOAK_GROWTH_MIB} + stored",
                                                                   "latency_ratio": SOAK_LATENCY_RATIO}}


def run_locust(run: LocalRun, args: argparse.Namespace) -> int:
    env = {**os.environ, "LOAD_ACKS": str(OUT / "acks.jsonl"), "LOAD_WS_URL": run.ws_url,
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "layers" / "shared" / "python")])}
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "load" / "locustfile.py"), "--headless",
               "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
               "--stop-timeout", "60", "--host", run.url, "--only-summary", "--html", str(OUT / "report.html"),
               "--json-file", str(OUT / "stats"), "--csv", str(OUT / "locust"), "--loglevel", "WARNING"]
    with (OUT / "locust.log").open("w") as log:
        return subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              timeout=args.duration + 600).returncode


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    run = start_platform(args.workers, args.chaos)
    try:
        sampler = Sampler(run) if args.soak else None
        if sampler is not None:
            sampler.start()
        started = time.monotonic()
        locust_status = run_locust(run, args)
        ran_s = time.monotonic() - started
        if sampler is not None:
            sampler.stopped.set()
            sampler.join(60)
        settled = run.settle(args.settle)
        faults = run.local("/_local/chaos") if args.chaos else {}
        snapshot = Snapshot.read(run.session_at_moto(), STAGE)
        acks = read_acks(OUT / "acks.jsonl")
        checks = check_all(snapshot, acks, run.access_log(),
                           allowed_5xx=frozenset({503}) if args.chaos else frozenset())
    finally:
        run.stop()
    stats = json.loads((OUT / "stats.json").read_text()) if (OUT / "stats.json").exists() else []
    operations = by_operation(stats, ran_s)
    failures = errors_by_status(_rows(OUT / "locust_failures.csv"))
    exceptions = sum(int(row.get("Count", 1)) for row in _rows(OUT / "locust_exceptions.csv"))
    summary = {"users": args.users, "duration_s": args.duration, "chaos": args.chaos, "settled": settled,
               "requests": sum(op["requests"] for op in operations), "failures_by_status": failures,
               "client_exceptions": exceptions,
               "operations": operations, "acknowledged": {kind: sum(1 for a in acks if a["kind"] == kind)
                                                          for kind in ("edit", "task", "upload")},
               "invariants": [check.as_json() for check in checks], "faults": faults,
               **({"soak": {**sampler.verdict(), "samples": sampler.samples}} if sampler is not None else {})}
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(render(summary))
    held = all(check.ok for check in checks)
    failed = sum(failures.values()) if not args.chaos else 0
    soaked = summary.get("soak", {}).get("ok", True)
    ok = held and soaked and failed == 0 and exceptions == 0 and summary["requests"] > 0 and locust_status in (0, 1)
    print(f"\nload: {'PASSED' if ok else 'FAILED'} — {summary['requests']} requests, invariants "
          f"{'held' if held else 'broken'}; report build/load/report.html, summary build/load/summary.json")
    return 0 if ok else 1


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as rows:
        return list(csv.DictReader(rows))


def render(summary: dict[str, Any]) -> str:
    lines = [f"{'operation':44} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"]
    for op in summary["operations"]:
        lines.append(f"{op['name'][:44]:44} {op['requests']:8d} {op['failures']:5d} {op['rps']:7.2f} "
                     f"{op['p50_ms']:6.0f} {op['p95_ms']:6.0f} {op['p99_ms']:6.0f}")
    lines.append(f"\nerrors by status: {summary['failures_by_status'] or 'none'}; "
                 f"client exceptions: {summary['client_exceptions']} (build/load/locust_exceptions.csv)")
    lines.append(f"settled: {summary['settled']}")
    if summary["faults"]:
        lines.append(f"faults injected: {summary['faults']}")
    if "soak" in summary:
        lines.append(f"soak: {({k: v for k, v in summary['soak'].items() if k != 'samples'})}")
    for check in summary["invariants"]:
        mark = "ok  " if check["ok"] else "FAIL"
        lines.append(f"  {mark} {check['name']} ({check['checked']} checked)"
                     + ("" if check["ok"] else f": {check['violations']} — {check['first']}"))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
