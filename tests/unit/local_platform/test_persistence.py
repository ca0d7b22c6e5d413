"""The data folder's snapshot: pickled straight into its temporary file while the emulator's lock is held (never a
whole copy in memory), renamed into place, and read back; a failed save leaves the previous snapshot."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local_platform import persistence
from local_platform.persistence import DataFolder


@pytest.fixture
def emulated() -> Iterator[None]:
    with mock_aws():
        yield


def test_the_snapshot_streams_into_its_file_under_the_lock_and_restores(emulated: None, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="kept")
    s3.put_object(Bucket="kept", Key="春季特卖.txt", Body="海报".encode())
    events: list[str] = []
    pickle_one = persistence._pickle

    def recorded(out: Any, *args: Any) -> None:
        writing = [path.name for path in (tmp_path / "data").glob(".*.tmp")]
        events.append(f"pickled into {writing[0]}")
        pickle_one(out, *args)

    monkeypatch.setattr(persistence, "_pickle", recorded)

    @contextlib.contextmanager
    def exclusive() -> Iterator[None]:
        events.append("locked")
        yield
        events.append("unlocked")

    folder = DataFolder(tmp_path / "data", log=print)
    folder.save(exclusive, {"stream-x": {"shard-1": None}})
    locked, pickled, unlocked = events
    assert (locked, unlocked) == ("locked", "unlocked")
    assert pickled.startswith("pickled into .emulator.pickle.")  # the temporary file itself, not a buffer
    assert pickled.endswith(".tmp")
    assert not list((tmp_path / "data").glob(".*.tmp"))  # renamed into place
    assert folder.snapshot.stat().st_mode & 0o777 == 0o600  # it holds the stage's secrets: the owner's alone

    s3.delete_object(Bucket="kept", Key="春季特卖.txt")  # gone from the emulator; the snapshot brings it back
    restored = folder.restore()
    assert restored is not None
    assert restored.positions == {"stream-x": {"shard-1": None}}
    assert s3.get_object(Bucket="kept", Key="春季特卖.txt")["Body"].read().decode() == "海报"


def test_a_failed_save_leaves_the_old_snapshot_and_no_temporary_file(
        emulated: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DataFolder(tmp_path / "data", log=print)
    folder.save(contextlib.nullcontext, {})
    before = folder.snapshot.read_bytes()

    def broken(*_args: object) -> None:
        raise RuntimeError("cannot pickle this")

    monkeypatch.setattr(persistence, "_pickle", broken)
    with pytest.raises(RuntimeError, match="cannot pickle this"):
        folder.save(contextlib.nullcontext, {})
    assert folder.snapshot.read_bytes() == before
    assert not list((tmp_path / "data").glob(".*.tmp"))
