"""What the local-platform benchmarks share: the whole platform in this process, and a signed-in user."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from local_platform.platform import LocalPlatform


@contextmanager
def running_platform(workers: int = 0) -> Iterator[LocalPlatform]:
    """Embedded moto and free ports, no schedules, no stage-wide or per-user limit (benchmarks poll faster than
    they allow), quiet logs; ``workers`` reference workers."""
    from functions.registry import SERVICES
    from local_platform.__main__ import reference_workers
    from local_platform.platform import LocalPlatform, PlatformConfig

    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the functions' and the worker's INFO lines are not the point
    platform = LocalPlatform(SERVICES, PlatformConfig(stage="bench", http_port=0, ws_port=0, moto_port=0,
                                                      schedules=False, stage_throttle=False, user_limit=False,
                                                      source_limits=False,
                                                      log=lambda _: None))
    if workers:
        platform.on_ready(reference_workers(workers))
    platform.start()
    try:
        yield platform
    finally:
        platform.stop()


def user_token(api: str) -> str:
    """A new user's access token."""
    email = f"bench{uuid.uuid4().hex[:8]}@example.com"
    password = "bench password 1"
    requests.post(f"{api}/users/register", timeout=30,
                  json={"email": email, "username": email[:12], "password": password}).raise_for_status()
    login = requests.post(f"{api}/users/login", timeout=30, json={"email": email, "password": password})
    login.raise_for_status()
    return str(login.json()["access_token"])


POSTER = {"title": "Benchmark 基准", "width": 1080, "height": 1920, "layers": [
    {"name": "text", "elements": [{"kind": "text", "content": f"第 {n} 行 line {n}", "x": 40, "y": 40 + n * 60,
                                   "width": 900, "height": 50, "font_size": 36} for n in range(20)]}]}


def user_poster(api: str) -> tuple[str, str]:
    """A new user's access token and the URL of a 20-element poster of theirs."""
    token = user_token(api)
    created = requests.post(f"{api}/designs/posters", json=POSTER, timeout=30,
                            headers={"Authorization": f"Bearer {token}"})
    created.raise_for_status()
    return token, f"{api}/designs/posters/{created.json()['poster']['poster_id']}"
