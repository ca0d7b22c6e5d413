"""`make dev` as a tool you live in: what the platform holds survives a restart (Ctrl-C, or a hard kill), with the
same administrator and worker credentials; without a data folder (tests) every start is clean."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.integration.conftest import (
    CREDENTIALS,
    ROOT,
    Platform,
    _free_port,
    login,
    register_and_login,
    start_platform,
    wait_until_healthy,
)
from tests.integration.tasks_support import create_task, ended, wait_status
from tests.integration.test_storage_api import png, post_form, token, wait_for

pytestmark = pytest.mark.moto_only  # the data kept is the embedded moto's
POSTERS = "/api/v1/designs/posters"


@contextmanager
def running(data_dir: Path, log_path: Path, *, kill: bool = False, workers: int = 0,
            http_port: int | None = None) -> Iterator[Platform]:
    """A platform keeping its data in ``data_dir`` (on ports of its own), stopped by SIGTERM or SIGKILL."""
    http_port, moto_port, ws_port = http_port or _free_port(), _free_port(), _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_ENDPOINT_URL")}
    proc = start_platform(["--http-port", str(http_port), "--moto-port", str(moto_port), "--ws-port", str(ws_port),
                           "--stage", "kept", "--workers", str(workers), "--no-schedules", "--data-dir", str(data_dir),
                           "--unlimited-source", "127.0.0.1"], {**env, **CREDENTIALS}, log_path)
    url, moto_url = f"http://127.0.0.1:{http_port}", f"http://127.0.0.1:{moto_port}"
    try:
        wait_until_healthy(proc, url, log_path, 180)
        yield Platform(url=url, moto_url=moto_url, log_path=log_path, ws_url=f"ws://127.0.0.1:{ws_port}",
                       aws_url=moto_url)
    finally:
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        code = proc.wait(timeout=30)
        assert code == (-signal.SIGKILL if kill else 0), log_path.read_text()[-3000:]


def credentials(data_dir: Path) -> dict[str, Any]:
    kept: dict[str, Any] = json.loads((data_dir / "credentials.json").read_text())
    return kept


def saved_after(data_dir: Path, moment: float, within_s: float = 30) -> None:
    """Wait until the snapshot in ``data_dir`` holds the data as it was after ``moment`` (epoch seconds): its
    modification time is when its data was taken."""
    deadline = time.monotonic() + within_s
    while (data_dir / "emulator.pickle").stat().st_mtime <= moment:
        assert time.monotonic() < deadline, "no snapshot after the last write"
        time.sleep(0.1)


def test_data_and_credentials_survive_a_restart_and_a_hard_kill(tmp_path: Path) -> None:
    data_dir = tmp_path / "local-data"
    with running(data_dir, tmp_path / "first.log") as first:
        kept = credentials(data_dir)
        assert set(kept) >= {"admin", "worker", "platform"}
        user = register_and_login(first, "keeper")
        poster = requests.post(first.api(POSTERS), headers=user.auth, timeout=30, json={
            "title": "kept", "width": 400, "height": 600, "background": {"color": "#fafafa"}, "layers": []})
        assert poster.status_code == 201, poster.text
        poster_id = poster.json()["poster"]["poster_id"]
        image = png(seed=17)
        upload = token(first, user)
        post_form(upload, image)
        assert wait_for(first, user, upload["file_id"])["status"] == "stored"

    with running(data_dir, tmp_path / "second.log", kill=True) as second:
        assert "restored in" in (tmp_path / "second.log").read_text()
        assert credentials(data_dir)["admin"] == kept["admin"]
        assert credentials(data_dir)["worker"] == kept["worker"]
        again = login(second, user.email, user.password)
        assert again.user_id == user.user_id
        fetched = requests.get(second.api(f"{POSTERS}/{poster_id}"), headers=again.auth, timeout=30)
        assert (fetched.status_code, fetched.json()["poster"]["title"]) == (200, "kept")
        info = wait_for(second, again, upload["file_id"])
        assert info["status"] == "stored"
        download = requests.get(info["url"], timeout=30)
        assert download.content == image, download.text[:500]
        admin = login(second, kept["admin"]["email"], kept["admin"]["password"])
        assert admin.access_token
        worker = requests.post(second.api("/api/v1/auth/token"), timeout=30, data={
            "grant_type": "client_credentials", "client_id": kept["worker"]["client_id"],
            "client_secret": kept["worker"]["client_secret"]})
        assert worker.status_code == 200, worker.text
        late = requests.post(second.api(POSTERS), headers=again.auth, timeout=30, json={
            "title": "before the kill", "width": 400, "height": 600, "background": {"color": "#000000"},
            "layers": []})
        assert late.status_code == 201, late.text
        # a snapshot taken after the write was answered (one taken before it and written after it has the time it
        # was taken), then SIGKILL: no chance to save on the way out
        saved_after(data_dir, time.time())

    with running(data_dir, tmp_path / "third.log") as third:
        again = login(third, user.email, user.password)
        titles = {p["title"] for p in requests.get(third.api(POSTERS), headers=again.auth, timeout=30
                                                   ).json()["items"]}
        assert titles == {"kept", "before the kill"}
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(".")], "no temporary file left behind"



SERVICES = ("auth", "designs", "files", "media", "notifications", "storage", "tasks", "users")


def test_calls_made_while_the_platform_starts_leave_no_function_broken(tmp_path: Path) -> None:
    """A client polling while ``make dev`` starts (a front-end left open, a readiness loop) reached functions
    before their tables and queues existed: the worker process started then kept that environment while warm, and
    ``GET /api/v1/users/health`` answered 500 (``MissingSetting: USERS_TABLE``) on every later call. Once the
    platform is ready, every service answers as on a quiet start."""
    http_port = _free_port()
    url = f"http://127.0.0.1:{http_port}"
    ready = threading.Event()
    answered: list[int] = []

    def poll() -> None:
        while not ready.is_set():
            for service in SERVICES:
                try:
                    answered.append(requests.get(f"{url}/api/v1/{service}/health", timeout=30).status_code)
                except requests.RequestException:  # not listening yet
                    time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    with running(tmp_path / "local-data", tmp_path / "platform.log", http_port=http_port) as platform:
        ready.set()
        poller.join(60)
        assert answered, "no call reached the platform while it started"
        for _ in range(3):  # the same warm workers, several times
            statuses = {service: requests.get(platform.api(f"/api/v1/{service}/health"), timeout=30).status_code
                        for service in SERVICES}
            assert set(statuses.values()) == {200}, (statuses, (tmp_path / "platform.log").read_text()[-3000:])


def test_make_worker_serves_the_make_dev_platform(tmp_path: Path) -> None:
    """``make worker`` (``python -m worker --local-data .local-data``) from a checkout, with nothing in the
    environment: the platform's data folder tells it where the API and the queue are, and its credentials."""
    data_dir = tmp_path / "local-data"
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("AWS_", "PYTHONPATH", "DESIGN_AGENT", "WORKER_", "TASK_"))}
    with running(data_dir, tmp_path / "platform.log") as platform:
        user = register_and_login(platform, "painter")
        created = create_task(platform, user)
        assert created.status_code == 201, created.text
        with (tmp_path / "worker.log").open("w") as log:
            worker = subprocess.Popen([sys.executable, "-m", "worker", "--local-data", str(data_dir)], cwd=ROOT,
                                      env=clean, stdout=log, stderr=subprocess.STDOUT)
        try:
            done = wait_status(platform, user, created.json()["task_id"], ended, timeout_s=120)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        assert done["status"] == "succeeded", (done, (tmp_path / "worker.log").read_text()[-3000:])


def test_the_readme_walk_through_runs_top_to_bottom(tmp_path: Path) -> None:
    """``make demo``: the README's curl walk-through as a script, against a platform as ``make dev`` starts it
    (with its reference worker). Every run makes its own account and Idempotency-Keys, so it can run again."""
    data_dir = tmp_path / "local-data"
    env = {**os.environ, **CREDENTIALS, "DATA": str(data_dir), "PYTHON": sys.executable}
    with running(data_dir, tmp_path / "platform.log", workers=1):
        run = subprocess.run(["bash", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "the walk-through passed" in run.stderr
