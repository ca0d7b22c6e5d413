"""Hot reload: an edited handler, logic module or shared-layer module applies on the next invocation, without a
restart and keeping every datum (as SAM and serverless-offline do).

The watcher compares the modification times of the Python files under the functions' code and the shared layer
every ``interval_s``. A change recycles every function's worker processes (an idle one ends now, a busy one when
its invocation ends): the next invocation starts a fresh one, which imports the code as it is now. The zygote has the
shared layer loaded and every worker is forked from it, so after a change there new workers drop the zygote's copies
of its modules and import them anew.

What the platform itself reads at start (the service descriptions: routes, tables, queues) still needs a restart.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from local_platform.event_sources import BackgroundLoop
from local_platform.sandboxes import Sandboxes

ROOT = Path(__file__).resolve().parents[1]
CODE = (ROOT / "functions", ROOT / "layers" / "shared" / "python")
PRELOADED = (ROOT / "layers" / "shared" / "python",)  # what the zygote imports


def modification_times(roots: Iterable[Path]) -> dict[str, int]:
    """Every ``.py`` file under ``roots`` and its modification time (ns)."""
    found: dict[str, int] = {}
    for root in roots:
        for folder, directories, files in os.walk(root):
            directories[:] = [d for d in directories if d not in ("__pycache__", "node_modules")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    try:
                        found[path] = os.stat(path).st_mtime_ns
                    except FileNotFoundError:
                        continue
    return found


class CodeWatcher(BackgroundLoop):
    def __init__(self, sandboxes: Sandboxes, log: Callable[[str], None], *, roots: tuple[Path, ...] = CODE,
                 preloaded: tuple[Path, ...] = PRELOADED, interval_s: float = 0.5) -> None:
        super().__init__("hot-reload", log)
        self._sandboxes = sandboxes
        self._roots = roots
        self._preloaded = tuple(str(path) for path in preloaded)
        self._interval_s = interval_s
        self._seen = modification_times(roots)
        self.reloads = 0

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            self.check()

    def check(self) -> list[str]:
        """Reload if any file changed since the last look; the files that did."""
        now = modification_times(self._roots)
        changed = sorted(path for path in now.keys() | self._seen.keys() if now.get(path) != self._seen.get(path))
        self._seen = now
        if not changed:
            return []
        preloaded = [top for top in self._preloaded
                     if any(path == top or path.startswith(top + os.sep) for path in changed)]
        if preloaded:
            self._sandboxes.reimport(preloaded)
        else:
            self._sandboxes.recycle_all()
        self.reloads += 1
        self._log(json.dumps({"level": "INFO", "message": "code changed: the functions reload on their next "
                              "invocation", "service": "hot-reload", "files": [os.path.relpath(p, ROOT)
                                                                                for p in changed[:5]],
                              "reimported": [os.path.relpath(p, ROOT) for p in preloaded]}))
        return changed
