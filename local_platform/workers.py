"""Reference algorithm workers as child processes of the local platform (``python -m worker``).

Real processes, so a test can kill one mid-task (SIGKILL) and watch the task recover by redelivery.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]


class WorkerProcesses:
    def __init__(self, *, api_url: str, queue_url: str, client_id: str, client_secret: str,
                 env: Mapping[str, str] | None = None, log: IO[bytes] | None = None) -> None:
        self._log = log  # where their JSON log lines go (the platform's stdout when None)
        # short long polls: a stopped worker lets its poll end and hands back what it got, within stop's wait
        self._env = {"WORKER_WAIT_S": "2", **os.environ, **(env or {}), "DESIGN_AGENT_API_URL": api_url,
                     "TASK_DISPATCH_QUEUE_URL": queue_url, "WORKER_CLIENT_ID": client_id,
                     "WORKER_CLIENT_SECRET": client_secret,
                     "WORKER_PARENT_PID": str(os.getpid()),  # ends with its parent (long polls, as in AWS)
                     "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "layers" / "shared" / "python")])}
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int = 1) -> list[subprocess.Popen[bytes]]:
        started = [subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT, env=self._env, stdout=self._log,
                                    stderr=subprocess.STDOUT if self._log else None)
                   for _ in range(count)]
        self.processes += started
        return started

    def stop(self, timeout_s: float = 5.0) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
