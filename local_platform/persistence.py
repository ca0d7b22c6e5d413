"""Local state that survives a restart: the embedded moto's data (tables, objects, queues with their pending
messages, secrets, parameters, the event bus) and the credentials the platform made, in a data folder.

moto keeps every service's data as plain Python objects (its backends), so a snapshot is those objects pickled
together (one pickle: references between services hold), taken under the emulator's request lock so it is
consistent, and written atomically (a temporary file, fsync, rename): a platform killed at any moment leaves the
previous snapshot or the new one, never half of one. A snapshot is taken every ``interval_s`` after requests that
may have written something (at most that much work is lost to a SIGKILL) and when the platform stops.

Restoring puts the objects back into moto's backends before the emulator serves its first request; the stream
pollers' positions are saved with them (taken just before the data, so they never point past it) so a restart
does not replay a table's stream from its beginning. A snapshot of another moto version, or one that cannot be
read, is moved aside with a loud warning and the platform starts clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from moto.backends import get_backend
from moto.core.base_backend import AccountSpecificBackend, BackendDict

from local_platform.free_memory import release_free_memory
from local_platform.moto_fixes import ExpiringIterators

SNAPSHOT = "emulator.pickle"
CREDENTIALS = "credentials.json"
FORMAT = 2
_LOCKS = (type(threading.Lock()), type(threading.RLock()))


def _mapping(cls: type[dict[Any, Any]], factory: Any, attributes: dict[str, Any], items: dict[Any, Any]
             ) -> dict[Any, Any]:
    """A defaultdict subclass of moto's made again (pickle would call it with the factory alone, which its
    ``__init__`` does not take): its attributes first, then its items."""
    made = cls.__new__(cls)
    if isinstance(made, defaultdict):
        defaultdict.__init__(made, factory)
    made.__dict__.update(attributes)
    dict.update(made, items)
    return made


def _account_backends(service: str, account: str) -> Any:
    return get_backend(service)[account]  # type: ignore[call-overload]


def _tags_of_one() -> defaultdict[Any, Any]:
    return defaultdict(dict)


def _nested_tags(items: dict[Any, Any]) -> defaultdict[Any, Any]:
    """SSM's resource tags: ``defaultdict(lambda: defaultdict(dict))`` (that factory cannot be pickled; this one
    can)."""
    return defaultdict(_tags_of_one, items)


class _Pickler(pickle.Pickler):
    """moto's objects, with what cannot be pickled made anew on load: locks and conditions (fresh, unheld), SSM's
    tag dictionary (its factory is a lambda), and the streams' shard iterators (short-lived: a poller asks for a
    fresh one on every poll)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, _LOCKS):
            return (threading.RLock if isinstance(obj, _LOCKS[1]) else threading.Lock), ()
        if isinstance(obj, threading.Condition):
            return threading.Condition, ()
        if isinstance(obj, ExpiringIterators):
            return ExpiringIterators, ()
        if isinstance(obj, BackendDict):  # moto's registries: the process's own, not copies
            return get_backend, (obj.service_name,)
        if isinstance(obj, AccountSpecificBackend):
            return _account_backends, (obj.service_name, obj.account_id)
        if isinstance(obj, defaultdict) and type(obj) is not defaultdict:  # e.g. SSM's ParameterDict(account, region)
            return _mapping, (type(obj), obj.default_factory, vars(obj), dict(obj))
        if isinstance(obj, defaultdict) and getattr(obj.default_factory, "__name__", "") == "<lambda>":
            if "SimpleSystemManagerBackend" not in obj.default_factory.__qualname__:  # type: ignore[union-attr]
                raise pickle.PicklingError(f"no rule to keep a defaultdict of {obj.default_factory!r}")
            return _nested_tags, (dict(obj),)
        return NotImplemented


def _in_use() -> list[BackendDict[Any]]:
    """moto's registry of the backends that hold data."""
    registry: list[BackendDict[Any]] = getattr(BackendDict, "_instances")  # noqa: B009 - a class-level generic
    return registry


def _backends() -> dict[str, dict[str, dict[str, Any]]]:
    """Every moto backend in use: service -> account -> region -> backend."""
    return {found.service_name: {account: dict(regions) for account, regions in found.items()}
            for found in _in_use() if found}


# what every registry of backends has; a service's own kind adds its data (e.g. S3's owner of each bucket name)
_REGISTRY_ATTRIBUTES = frozenset({"backend", "service_name", "_use_boto3_regions", "_additional_regions", "_id"})


def _registries() -> dict[str, dict[str, Any]]:
    """What a service's registry keeps beside its backends (S3: which account owns each bucket name)."""
    return {found.service_name: {key: value for key, value in vars(found).items() if key not in _REGISTRY_ATTRIBUTES}
            for found in _in_use() if found}


def _put_back(state: dict[str, dict[str, dict[str, Any]]], registries: dict[str, dict[str, Any]]) -> None:
    for service, extra in registries.items():
        registry = get_backend(service)  # type: ignore[call-overload]
        for key, value in extra.items():
            setattr(registry, key, value)
    for service, accounts in state.items():
        backend_dict = get_backend(service)  # type: ignore[call-overload]
        for account, regions in accounts.items():
            per_account = backend_dict[account]
            for region, backend in regions.items():
                dict.__setitem__(per_account, region, backend)


def write_atomically(path: Path, data: bytes) -> None:
    """``path`` holds the old bytes or the new ones whenever the process dies (temporary file, fsync, rename)."""
    write_atomically_with(path, lambda out: out.write(data))


def write_atomically_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """As ``write_atomically``, with ``write`` writing the new content into the temporary file (a pickle streamed
    there, never whole in memory). The temporary file is owner-only (``mkstemp``): the snapshot holds the stage's
    secrets (signing keys) and credentials."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


@dataclass
class Restored:
    """What a snapshot brought back besides moto's data."""

    positions: dict[str, dict[str, Any]]  # stream poller name -> its shard positions
    saved_at: float
    seconds: float  # how long reading and restoring took


class DataFolder:
    """The platform's data folder: the emulator's snapshot and the credentials it made."""

    def __init__(self, path: Path, log: Callable[[str], None]) -> None:
        self.path = path
        self._log = log
        self._save_lock = threading.Lock()

    @property
    def snapshot(self) -> Path:
        return self.path / SNAPSHOT

    @property
    def credentials_file(self) -> Path:
        return self.path / CREDENTIALS

    # --- the emulator's data ---------------------------------------------------------------------------------
    def restore(self) -> Restored | None:
        """Put the last snapshot's data into moto's backends (before the emulator serves); None when there is
        none, or when it cannot be used (then it is moved aside and the platform starts clean)."""
        if not self.snapshot.is_file():
            self.credentials_file.unlink(missing_ok=True)  # they name accounts of data that is not there
            return None
        started = time.monotonic()
        try:
            with self.snapshot.open("rb") as source:
                header = pickle.load(source)  # noqa: S301 - the platform's own file in the checkout
                if header != self._header():
                    raise ValueError(f"written by {header}, this is {self._header()}")
                saved = pickle.load(source)  # noqa: S301
        except Exception as problem:  # any unreadable snapshot: keep it aside, start clean
            aside = self.snapshot.with_name(f"{SNAPSHOT}.unusable-{int(time.time())}")
            self.snapshot.rename(aside)
            self._log(f"\n  WARNING: the saved local data could not be restored ({problem}); starting clean. The "
                      f"old snapshot is kept at {aside}.\n")
            self.credentials_file.unlink(missing_ok=True)
            return None
        _put_back(saved["backends"], saved["registries"])
        return Restored(positions=saved["positions"], saved_at=saved["saved_at"],
                        seconds=time.monotonic() - started)

    def save(self, exclusive: Callable[[], contextlib.AbstractContextManager[Any]],
             positions: dict[str, dict[str, Any]]) -> None:
        """Snapshot moto's data while no request runs (``exclusive``), pickled straight into the temporary file
        (never whole in memory: a buffer and its joined copy were two transient copies of all the stored data every
        second under load), then flushed, fsynced and renamed after the lock is released."""
        with self._save_lock:
            header = self._header()
            taken: list[float] = []

            def pickled(out: BinaryIO) -> None:
                with exclusive():
                    taken.append(time.time())
                    _pickle(out, header, positions, taken[0])

            write_atomically_with(self.snapshot, pickled)
            os.utime(self.snapshot, (taken[0], taken[0]))  # its time is when its data was taken

    @staticmethod
    def _header() -> dict[str, Any]:
        return {"format": FORMAT, "moto": version("moto")}

    # --- credentials ---------------------------------------------------------------------------------------
    def credentials(self) -> dict[str, Any]:
        try:
            loaded: dict[str, Any] = json.loads(self.credentials_file.read_text())
        except (OSError, ValueError):
            return {}
        return loaded

    def remember(self, **entries: Any) -> None:
        """Merge ``entries`` into the credentials file (mode 0600: it holds passwords)."""
        merged = {**self.credentials(), **entries}
        write_atomically(self.credentials_file, (json.dumps(merged, indent=2) + "\n").encode())
        self.credentials_file.chmod(0o600)


def _pickle(out: BinaryIO, header: dict[str, Any], positions: dict[str, dict[str, Any]], taken: float) -> None:
    pickler = _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump(header)
    pickler.clear_memo()  # two pickles, each read by its own load()
    pickler.dump({"backends": _backends(), "registries": _registries(), "positions": positions, "saved_at": taken})


class Snapshots:
    """Saves the data folder's snapshot every ``interval_s`` while the emulator has taken writes, and once more
    at ``stop``."""

    def __init__(self, folder: DataFolder, writes: Callable[[], int],
                 exclusive: Callable[[], contextlib.AbstractContextManager[Any]],
                 positions: Callable[[], dict[str, dict[str, Any]]], log: Callable[[str], None],
                 interval_s: float = 1.0) -> None:
        self._folder = folder
        self._writes = writes
        self._exclusive = exclusive
        self._positions = positions
        self._log = log
        self._interval_s = interval_s
        self._saved = -1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="local-data", daemon=True)
        self.saves = 0

    def start(self) -> Snapshots:
        self._saved = self._writes()  # what was restored (or created at start) is saved on the first write
        self._thread.start()
        return self

    def save_now(self) -> None:
        """Save now; a failure is logged (the platform keeps serving, and says its data is not being kept)."""
        writes = self._writes()
        try:
            self._folder.save(self._exclusive, self._positions())
        except Exception as problem:  # the platform keeps serving
            self._log(json.dumps({"level": "ERROR", "message": "saving local data failed", "error": repr(problem)}))
            return
        self._saved = writes
        self.saves += 1
        release_free_memory()  # what the snapshot freed (the pickler's memo grows with the data) leaves the process

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)
        self.save_now()

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            if self._writes() != self._saved:
                self.save_now()
