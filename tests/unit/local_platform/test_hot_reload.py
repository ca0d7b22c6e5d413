"""Hot reload: an edited handler applies on the next invocation; an edited shared-layer module (loaded in the
zygote every worker is forked from) too, which recycling the workers alone would not do.

The scenario runs in a process of its own: multiprocessing has one zygote per process, and this one must have the
test's "shared" module preloaded, as the platform's zygote has the shared layer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HANDLERS = Path(__file__).resolve().parent / "handlers"
SUBJECT, SHARED = HANDLERS / "hot_subject.py", HANDLERS / "hot_shared.py"  # git-ignored, made and removed here
PACKAGE = "tests.unit.local_platform.handlers"


def write(path: Path, text: str) -> None:
    """Change a module, with a modification time that surely differs from the last (coarse file systems)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def subject(version: int) -> str:
    return (f"from {PACKAGE}.hot_shared import VALUE\n\n\n"
            f"def handler(event, context):\n    return {{'version': {version}, 'shared': VALUE}}\n")


def scenario() -> None:
    """Edit, look, invoke: one JSON line per step on stdout."""
    from local_platform.hot_reload import CodeWatcher
    from local_platform.sandboxes import ZYGOTE_PRELOAD, FunctionConfig, Sandboxes

    config = FunctionConfig(name="hot", handler=f"{PACKAGE}.hot_subject", memory_mb=512, timeout_s=30,
                            arn="arn:aws:lambda:us-east-1:000000000000:function:hot")
    sandboxes = Sandboxes(lambda: dict(os.environ), preload=[*ZYGOTE_PRELOAD, f"{PACKAGE}.hot_shared"])
    log: list[str] = []
    watcher = CodeWatcher(sandboxes, log.append, roots=(HANDLERS,), preloaded=(SHARED,))

    def step(name: str, changed: list[str] | None = None) -> None:
        print(json.dumps({"step": name, "answer": sandboxes.invoke(config, {}), "changed": changed,
                          "log": json.loads(log[-1]) if log else None}), flush=True)

    step("first")
    write(SUBJECT, subject(2))
    step("handler edited", watcher.check())
    write(SHARED, "VALUE = 2\n")
    sandboxes.recycle_all()
    step("shared edited, workers recycled only")
    step("shared edited, seen", watcher.check())
    sandboxes.close()


def test_edits_apply_on_the_next_invocation() -> None:
    write(SHARED, "VALUE = 1\n")
    write(SUBJECT, subject(1))
    try:
        run = subprocess.run([sys.executable, "-c", "from tests.unit.local_platform.test_hot_reload import scenario;"
                              "scenario()"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    finally:
        SUBJECT.unlink(missing_ok=True)
        SHARED.unlink(missing_ok=True)
    assert run.returncode == 0, run.stderr[-3000:]
    steps = {line["step"]: line for line in map(json.loads, run.stdout.splitlines())}
    assert steps["first"]["answer"] == {"version": 1, "shared": 1}
    assert steps["handler edited"]["answer"] == {"version": 2, "shared": 1}
    assert steps["handler edited"]["changed"] == [str(SUBJECT)]
    assert steps["handler edited"]["log"]["reimported"] == []
    # new workers alone still get the zygote's copy of the shared module ...
    assert steps["shared edited, workers recycled only"]["answer"] == {"version": 2, "shared": 1}
    # ... the watcher has them import it anew
    assert steps["shared edited, seen"]["changed"] == [str(SHARED)]
    assert steps["shared edited, seen"]["answer"] == {"version": 2, "shared": 2}
    assert steps["shared edited, seen"]["log"]["reimported"] == [str(SHARED.relative_to(ROOT))]
