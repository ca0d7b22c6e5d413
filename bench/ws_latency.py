"""From a worker's progress call to the user's WebSocket frame, on the local platform:
``python -m bench.ws_latency [--runs N]``.

Starts the platform in this process (embedded moto, free ports), opens a WebSocket as a user, claims one of
the user's tasks as a machine client and reports progress ``N`` times; each sample is the time from sending
``POST /tasks/{id}/progress`` to receiving the matching frame. The path: the conditional write, the table
stream (its poller woken by the write), the publisher, EventBridge -> SQS, the notification consumer (a long
poll woken by the message), the inbox write and ``post_to_connection``. The baseline, measured in the same run,
is a WebSocket ping -> pong round trip through the same gateway and a route function.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from bench.local import running_platform, user_token  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    from websockets.sync.client import connect

    from local_platform.__main__ import register_reference_worker

    with running_platform() as platform:
        api = f"{platform.http_url}/api/v1"
        token = user_token(api)
        client = register_reference_worker("bench")
        worker = {"Authorization": "Bearer " + requests.post(f"{api}/auth/token", timeout=30, data={
            "grant_type": "client_credentials", "client_id": client.client_id,
            "client_secret": client.client_secret}).json()["access_token"]}
        task = requests.post(f"{api}/tasks", timeout=30, headers={"Authorization": f"Bearer {token}"},
                             json={"type": "poster.generate", "params": {"prompt": "latency"}}).json()
        lease = requests.post(f"{api}/tasks/{task['task_id']}/claim", headers=worker, timeout=30).json()["lease_id"]
        with connect(f"{platform.ws_url}/?token={token}") as ws:
            pings = []
            for _ in range(args.runs + 1):
                started = time.perf_counter()
                ws.send(json.dumps({"action": "ping"}))
                json.loads(ws.recv(timeout=10))
                pings.append(time.perf_counter() - started)
            delays = []
            for n in range(1, args.runs + 2):
                started = time.perf_counter()
                requests.post(f"{api}/tasks/{task['task_id']}/progress", headers=worker, timeout=30,
                              json={"lease_id": lease, "progress": n, "stage": f"step {n}"}).raise_for_status()
                while True:
                    frame = json.loads(ws.recv(timeout=30))
                    if frame.get("message", {}).get("data", {}).get("progress") == n:
                        break
                delays.append(time.perf_counter() - started)
    base, delay = statistics.median(pings[1:]), statistics.median(delays[1:])  # the first of each warms up
    print(f"WebSocket delivery on the local platform (median of {args.runs}, after one warm-up)")
    print(f"  baseline: ping -> pong through the gateway and a route    {base * 1000:7.1f} ms   1.00x")
    print(f"  progress call -> WebSocket frame (stream, bus, queue)      {delay * 1000:7.1f} ms   {delay / base:.1f}x")
    print(f"  p90 progress -> frame                                      "
          f"{statistics.quantiles(delays[1:], n=10)[-1] * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
