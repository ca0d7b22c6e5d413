"""Handlers of a made-up "demo" service that exercise the local platform's machinery (not any real service).

Each module is one operation's handler module, as in ``functions/<service>/handlers``; what they receive is
recorded in ``SEEN`` for the tests to look at. The handlers run in the platform's worker processes, so ``SEEN``
keeps its records as files in a folder that every process of the test run shares (``DEMO_SEEN_DIR``, set by the
tests' conftest before any worker starts), read back in the order they were written."""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

SEEN_DIR = "DEMO_SEEN_DIR"


class Seen(Sequence[Any]):
    """A list that handlers in any process append to and tests read."""

    @property
    def _dir(self) -> Path:
        folder = os.environ.get(SEEN_DIR) or os.environ.setdefault(SEEN_DIR, tempfile.mkdtemp(prefix="demo-seen-"))
        return Path(folder)

    def append(self, item: Any) -> None:
        name = f"{time.time_ns():020d}-{os.getpid():08d}.pickle"
        temporary = self._dir / f".{name}"
        temporary.write_bytes(pickle.dumps(item))
        temporary.rename(self._dir / name)  # whole records only

    def _items(self) -> list[Any]:
        return [pickle.loads(path.read_bytes()) for path in sorted(self._dir.glob("[0-9]*.pickle"))]

    def clear(self) -> None:
        for path in self._dir.glob("*.pickle"):
            path.unlink(missing_ok=True)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        return self._items() == other

    __hash__ = None  # type: ignore[assignment]


SEEN = Seen()
