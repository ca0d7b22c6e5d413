"""Locust's statistics as the load summary shows them: requests/s and p50/p95/p99 per operation, errors by
status."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

STATUS = re.compile(r"^(?:CatchResponseError\()?'?(?P<status>\d{3}):")


def percentile(histogram: dict[str, int], fraction: float) -> float:
    """The response time (ms) under which ``fraction`` of the requests fell, from Locust's rounded histogram."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    seen = 0
    for value, count in sorted((float(ms), n) for ms, n in histogram.items()):
        seen += count
        if seen >= fraction * total:
            return value
    return 0.0


def by_operation(stats: list[dict[str, Any]], seconds: float) -> list[dict[str, Any]]:
    rows = []
    for entry in sorted(stats, key=lambda e: -int(e["num_requests"])):
        times = {str(k): int(v) for k, v in entry.get("response_times", {}).items()}
        rows.append({"name": f"{entry['method']} {entry['name']}", "requests": int(entry["num_requests"]),
                     "failures": int(entry["num_failures"]), "rps": round(int(entry["num_requests"]) / seconds, 2),
                     "p50_ms": percentile(times, 0.50), "p95_ms": percentile(times, 0.95),
                     "p99_ms": percentile(times, 0.99), "max_ms": round(float(entry.get("max_response_time", 0)))})
    return rows


def errors_by_status(failures: list[dict[str, str]]) -> dict[str, int]:
    """Locust's failures (``Method, Name, Error, Occurrences``) counted by the HTTP status their message starts
    with, else by the error's kind."""
    counted: Counter[str] = Counter()
    for row in failures:
        found = STATUS.match(row.get("Error", ""))
        counted[found["status"] if found else row.get("Error", "error").split("(")[0][:60]] += int(
            row.get("Occurrences", 1))
    return dict(counted)
