"""Readable local logs: JSON lines made one short line each (coloured on a terminal), embedded metrics left out,
the JSON form unchanged with --json-logs; a function's own Powertools lines too."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from local_platform.log_format import LOG_FORMAT, PrettyLines, pretty

ROOT = Path(__file__).resolve().parents[3]
ACCESS = json.dumps({"requestId": "r1", "ip": "127.0.0.1", "method": "GET", "path": "/api/v1/users/me",
                     "status": 404, "responseLength": 30, "latencyMs": 12.4, "principal": "usr_1"})
POWERTOOLS = json.dumps({"level": "INFO", "location": "_confirm_record:33", "message": "upload checked",
                         "timestamp": "2026-12-03 16:13:02,177+0000", "service": "storage", "cold_start": False,
                         "function_name": "design-agent-local-storage-confirm-upload", "function_memory_size": 1024,
                         "function_request_id": "f8c4", "correlation_id": "2dfc", "key": "incoming/k.png",
                         "status": "stored"})
METRICS = json.dumps({"_aws": {"Timestamp": 1, "CloudWatchMetrics": []}, "ColdStart": [1.0]})


def test_access_log_lines_are_one_short_line() -> None:
    assert pretty(ACCESS) == "GET    /api/v1/users/me  404  12 ms  usr_1"


def test_function_lines_keep_their_message_and_own_fields_only() -> None:
    assert pretty(POWERTOOLS) == "INFO    storage: upload checked  key=incoming/k.png  status=stored"


def test_metrics_are_left_out_and_other_text_is_kept() -> None:
    assert pretty(METRICS) is None
    assert pretty("  create first admin:") == "  create first admin:"
    assert pretty("{not json") == "{not json"


def test_colour_marks_errors_and_statuses() -> None:
    error = pretty(json.dumps({"level": "ERROR", "message": "function failed", "function": "f"}), colour=True)
    assert error is not None
    assert error.startswith("\033[31mERROR")
    assert "\033[33m404\033[0m" in str(pretty(ACCESS, colour=True))


def test_a_stream_formats_whole_lines_only() -> None:
    target = io.StringIO()
    stream = PrettyLines(target, colour=False)
    stream.write(ACCESS[:20])
    assert target.getvalue() == ""
    stream.write(ACCESS[20:] + "\n" + METRICS + "\n")
    assert target.getvalue() == "GET    /api/v1/users/me  404  12 ms  usr_1\n"


def test_a_functions_powertools_logger_writes_readable_lines_when_asked() -> None:
    """What a function's worker process does (runtime.py): its stdout is made readable before its Logger exists."""
    program = ("from local_platform.log_format import readable_stdout\n"
               "readable_stdout()\n"
               "from aws_lambda_powertools import Logger\n"
               "Logger(service='storage').info('upload checked', extra={'key': 'k.png'})\n")
    for chosen, readable in (("pretty", True), ("json", False)):
        run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT,
                             env={**os.environ, LOG_FORMAT: chosen})
        line = run.stdout.strip()
        assert line.startswith("INFO    storage: upload checked  key=k.png") is readable, line
        assert line.startswith("{") is not readable
