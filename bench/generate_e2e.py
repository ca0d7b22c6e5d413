"""One generate, end to end, on the local platform: ``python -m bench.generate_e2e [--runs N]``.

Starts the whole platform in this process (embedded moto, free ports) with one reference worker process,
creates ``poster.generate`` tasks over HTTP and times each from ``POST /tasks`` to ``succeeded`` seen by
polling ``/status`` every 20 ms. The baseline, measured in the same run, is the work itself: planning and
rendering the same poster in-process (what the worker does between its API calls). The ratio is what the
platform adds: the outbox publish, EventBridge -> SQS dispatch, the worker's polling, claim, six progress
calls, the preview upload, the poster import and the completion.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared" / "python")]

from bench.local import running_platform, user_token  # noqa: E402

PARAMS = {"prompt": "Autumn jazz night at the riverside", "subtitle": "Saturday 8pm, Pier 4", "style": "retro"}


def _render_once() -> float:
    from design_agent.contracts.tasks import PosterGenerateParams
    from design_agent.render import render_png

    from worker.design import plan

    started = time.perf_counter()
    layout = plan(PosterGenerateParams.model_validate(PARAMS), [])
    render_png(layout.document(), images=lambda _: None, fonts=lambda _: None)
    return time.perf_counter() - started


def _generate(api: str, auth: dict[str, str]) -> float:
    started = time.perf_counter()
    created = requests.post(f"{api}/tasks", headers=auth, timeout=30,
                            json={"type": "poster.generate", "params": PARAMS})
    created.raise_for_status()
    task_id = created.json()["task_id"]
    while True:
        status = requests.get(f"{api}/tasks/{task_id}/status", headers=auth, timeout=10).json()["status"]
        if status in {"succeeded", "failed", "cancelled"}:
            if status != "succeeded":
                raise RuntimeError(f"task {task_id} ended {status}")
            return time.perf_counter() - started
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with running_platform(workers=1) as platform:
        api = f"{platform.http_url}/api/v1"
        auth = {"Authorization": f"Bearer {user_token(api)}"}
        _generate(api, auth)  # warm: first imports of every function on the path
        e2e = [_generate(api, auth) for _ in range(args.runs)]
    render = [_render_once() for _ in range(args.runs)]
    base, total = statistics.median(render), statistics.median(e2e)
    print(f"Generate end to end on the local platform (median of {args.runs}, after one warm-up)")
    print(f"  baseline: plan + render the same poster in-process   {base * 1000:7.0f} ms   1.00x")
    print(f"  POST /tasks -> succeeded (worker, outbox, dispatch)   {total * 1000:7.0f} ms   {total / base:.2f}x")


if __name__ == "__main__":
    main()
