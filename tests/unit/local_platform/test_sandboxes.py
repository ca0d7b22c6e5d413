"""Functions run as Lambda runs them: worker processes per function, reused while warm, in parallel up to the
function's concurrency, stopped at their timeout or over their memory size with Lambda's errors, and gone with
the platform."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psutil
import pytest

from local_platform.functions import FunctionFailed, FunctionOutOfMemory, FunctionRegistry, FunctionTimedOut
from tests.unit.local_platform.demo_service import SERVICE
from tests.unit.local_platform.handlers import SEEN


@pytest.fixture
def registry() -> Iterator[FunctionRegistry]:
    made = FunctionRegistry((SERVICE,), "box", concurrency=4)
    yield made
    made.close()


def invoke(registry: FunctionRegistry, operation: str, event: dict[str, Any], **kw: Any) -> Any:
    return registry.invoke(registry.functions[f"design-agent-box-demo-{operation}"], event, **kw)


def gone(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def eventually(check: Callable[[], bool], within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.02)


def test_a_warm_worker_is_reused_and_sees_a_lambda_environment(registry: FunctionRegistry,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4999")  # the platform's, when a worker starts
    first = invoke(registry, "environment", {})
    second = invoke(registry, "environment", {})
    assert first["pid"] == second["pid"] != os.getpid()  # its own process, kept warm
    env = first["environment"]
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "design-agent-box-demo-environment"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4999"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert first["path"][:2] == [os.path.join(root, "layers", "shared", "python"), root]  # /opt/python, /var/task
    assert first["preloaded"]  # forked from the zygote with the common imports loaded
    assert first["context"]["function_name"] == "design-agent-box-demo-environment"
    assert first["context"]["memory"] == 256
    assert 0 < first["context"]["remaining_ms"] <= 7000


def test_over_its_memory_size_a_function_is_killed_with_lambdas_error(registry: FunctionRegistry) -> None:
    assert invoke(registry, "hog", {"mb": 1})["held_mb"] == 1
    with pytest.raises(FunctionOutOfMemory) as stopped:
        invoke(registry, "hog", {"mb": 400})  # its memory size is 128 MB
    assert stopped.value.payload["errorType"] == "Runtime.OutOfMemory"
    assert "Runtime exited with error: signal: killed" in stopped.value.payload["errorMessage"]
    (_, pid, _), (_, hog, _) = SEEN
    assert pid == hog
    assert gone(hog)  # the environment is gone ...
    assert invoke(registry, "hog", {"mb": 1})["pid"] != hog  # ... and the next invocation gets a fresh one


def test_over_its_timeout_a_function_is_killed_and_does_nothing_more(registry: FunctionRegistry) -> None:
    with pytest.raises(FunctionTimedOut) as stopped:
        invoke(registry, "sleepy", {"s": 3})  # its timeout is 1 s
    assert stopped.value.payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in stopped.value.payload["errorMessage"]
    (started, pid, _), = SEEN
    assert started == "started"
    assert gone(pid)  # killed, not abandoned
    time.sleep(3)  # past the moment it would have finished: an absence cannot be polled for
    assert [kind for kind, *_ in SEEN] == ["started"]


def test_concurrent_invocations_overlap_in_separate_processes(registry: FunctionRegistry) -> None:
    answers: list[dict[str, Any]] = []
    calls = [threading.Thread(target=lambda: answers.append(invoke(registry, "sleepy", {"s": 0.6})))
             for _ in range(4)]
    for call in calls:
        call.start()
    for call in calls:
        call.join()
    assert len({a["pid"] for a in answers}) == 4
    assert max(a["started"] for a in answers) < min(a["ended"] for a in answers)  # all four ran at once


def test_past_its_concurrency_an_invocation_waits_for_a_free_worker() -> None:
    registry = FunctionRegistry((SERVICE,), "box", concurrency=1)
    try:
        answers: list[dict[str, Any]] = []
        calls = [threading.Thread(target=lambda: answers.append(invoke(registry, "sleepy", {"s": 0.3})))
                 for _ in range(3)]
        for call in calls:
            call.start()
        for call in calls:
            call.join()
        assert len({a["pid"] for a in answers}) == 1
        spans = sorted((a["started"], a["ended"]) for a in answers)
        assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))
    finally:
        registry.close()


def test_a_crash_an_import_error_and_a_worker_that_dies_are_lambda_errors(registry: FunctionRegistry) -> None:
    with pytest.raises(FunctionFailed) as crashed:
        invoke(registry, "crash", {})
    assert (crashed.value.payload["errorType"], crashed.value.payload["errorMessage"]) == ("RuntimeError", "boom")
    with pytest.raises(FunctionFailed) as missing:
        invoke(registry, "missing", {})
    assert missing.value.payload["errorType"] == "Runtime.ImportModuleError"
    pid = invoke(registry, "environment", {})["pid"]
    os.kill(pid, signal.SIGKILL)
    eventually(lambda: gone(pid))
    assert invoke(registry, "environment", {})["pid"] != pid  # a dead idle worker is replaced


def test_recycle_all_starts_fresh_workers(registry: FunctionRegistry) -> None:
    pid = invoke(registry, "environment", {})["pid"]
    registry.recycle_all()
    assert gone(pid)
    assert invoke(registry, "environment", {})["pid"] != pid
    assert [w.function for w in registry.workers()] == ["design-agent-box-demo-environment"]


PLATFORM_THAT_DIES = """
import json, sys
from local_platform.functions import FunctionRegistry
from tests.unit.local_platform.demo_service import SERVICE
if __name__ == "__main__":
    registry = FunctionRegistry((SERVICE,), "box")
    fn = registry.functions["design-agent-box-demo-environment"]
    print(json.dumps([registry.invoke(fn, {})["pid"] for _ in range(1)]), flush=True)
    sys.stdin.read()  # until killed
"""


def test_workers_end_with_a_platform_that_is_killed(tmp_path: Any) -> None:
    script = tmp_path / "dying_platform.py"
    script.write_text(PLATFORM_THAT_DIES)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.join(root, "layers", "shared", "python"), root])}
    with subprocess.Popen([sys.executable, str(script)], cwd=root, env=env, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as platform:
        assert platform.stdout is not None
        (worker,) = json.loads(platform.stdout.readline())
        assert not gone(worker)
        platform.kill()  # SIGKILL: no clean-up code of the platform runs
        platform.wait()
    eventually(lambda: gone(worker))
