"""A resolver keeps the event it resolves for itself, not one per thread: the threaded local runtime ran every
function on a pool of long-lived threads, and each thread kept its own copy of every resolver's last event (bodies
up to 10 MB, parsed) — gigabytes under a fuzzing run (docs/decisions.md, "What grew the platform under fuzzing")."""

from __future__ import annotations

import gc
import json
from concurrent.futures import ThreadPoolExecutor

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from tests.unit.test_api_conventions import call, echo_api, event

THREADS = 16


def events_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, APIGatewayProxyEvent))


def test_threads_that_served_a_call_keep_no_event_of_their_own() -> None:
    before = events_alive()
    threads = [ThreadPoolExecutor(1) for _ in range(THREADS)]  # long-lived threads, as the old runtime's pool
    try:
        for n, thread in enumerate(threads):  # one call after another, each on another thread
            body = json.dumps({"name": "x" * 1024, "size": 3})
            status, _, _ = thread.submit(call, echo_api, event(
                "POST", f"/api/v1/demo/{n}", body, resource="/api/v1/demo/{item_id}",
                path_params={"item_id": str(n)})).result()
            assert status == 200
        assert events_alive() - before <= 2  # the last event (and its copy in Powertools), not one per thread
    finally:
        for thread in threads:
            thread.shutdown()
