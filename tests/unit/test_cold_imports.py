"""What a handler imports at cold start: no Pillow unless it draws, no X-Ray SDK core while tracing is off.
Each check runs in a fresh interpreter (this process has imported everything already)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAWING = {"functions.designs.handlers.export_poster"}  # the renderer: Pillow is its work
NON_IMAGE_SERVICES = ("auth", "designs", "notifications", "storage", "tasks", "users")
HEAVY = ("PIL", "aws_xray_sdk.core", "cv2", "numpy")


def _handlers(service: str) -> list[str]:
    return sorted(f"functions.{service}.handlers.{path.stem}"
                  for path in (ROOT / "functions" / service / "handlers").glob("*.py")
                  if not path.stem.startswith("_") and path.stem != "common")


def _python(code: str, **env: str) -> str:
    pythonpath = os.pathsep.join([str(ROOT / "layers" / "shared" / "python"), str(ROOT)])
    base = {k: v for k, v in os.environ.items() if k != "POWERTOOLS_TRACE_DISABLED"}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**base, "PYTHONPATH": pythonpath, "LAMBDA_TASK_ROOT": str(ROOT), **env}, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("service", NON_IMAGE_SERVICES)
def test_a_handler_that_does_not_draw_imports_no_image_library_nor_the_tracer_core(service: str) -> None:
    """The service's handlers imported one after another in one interpreter, as a Lambda would one of them: the
    first that brings in a heavy module is named."""
    modules = [m for m in _handlers(service) if m not in DRAWING]
    code = ("import importlib, json, sys\n"
            f"for module in {modules!r}:\n"
            "    importlib.import_module(module)\n"
            f"    heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
            "    if heavy:\n"
            "        print(json.dumps([module, heavy])); break\n"
            "else:\n"
            "    print(json.dumps([]))")
    assert modules
    assert json.loads(_python(code, POWERTOOLS_TRACE_DISABLED="true")) == []


def test_with_tracing_on_the_x_ray_sdk_is_there() -> None:
    code = ("from design_agent.observability import tracer; t = tracer('users'); "
            "print(type(t.provider).__module__, t.disabled)")
    assert _python(code).split() == ["aws_xray_sdk.core.async_recorder", "False"]
