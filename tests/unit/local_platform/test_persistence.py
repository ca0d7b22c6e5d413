"""The data folder's snapshot: taken in a forked process, so requests wait only for the fork and the platform's
memory never holds the pickle (pickling everything every second under load held every request meanwhile and grew
the platform with its stored data)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from local_platform import persistence
from local_platform.persistence import DataFolder


@pytest.fixture
def emulated() -> Iterator[None]:
    with mock_aws():
        yield


def test_the_snapshot_is_pickled_by_a_forked_process_and_restores(emulated: None, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="kept")
    s3.put_object(Bucket="kept", Key="春季特卖.txt", Body="海报".encode())
    picklers = tmp_path / "picklers"
    pickle_one = persistence._pickle

    def recorded(*args: object) -> None:
        with picklers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        pickle_one(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(persistence, "_pickle", recorded)
    held: list[str] = []

    @contextlib.contextmanager
    def exclusive() -> Iterator[None]:
        held.append("entered")
        yield
        held.append("left")

    folder = DataFolder(tmp_path / "data", log=print)
    folder.save(exclusive, {"stream-x": {"shard-1": None}})
    assert held == ["entered", "left"]
    assert [int(pid) for pid in picklers.read_text().split()] != [os.getpid()]  # another process pickled it
    assert not list((tmp_path / "data").glob(".*.tmp"))  # no temporary file left behind

    s3.delete_object(Bucket="kept", Key="春季特卖.txt")  # gone from the emulator; the snapshot brings it back
    restored = folder.restore()
    assert restored is not None
    assert restored.positions == {"stream-x": {"shard-1": None}}
    assert s3.get_object(Bucket="kept", Key="春季特卖.txt")["Body"].read().decode() == "海报"


def test_a_snapshot_process_that_fails_is_reported_and_leaves_the_old_snapshot(
        emulated: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DataFolder(tmp_path / "data", log=print)
    folder.save(contextlib.nullcontext, {})
    before = folder.snapshot.read_bytes()

    def broken(*_args: object) -> None:
        raise RuntimeError("cannot pickle this")

    monkeypatch.setattr(persistence, "_pickle", broken)
    with pytest.raises(RuntimeError, match="snapshot process ended with 1"):
        folder.save(contextlib.nullcontext, {})
    assert folder.snapshot.read_bytes() == before
    assert not list((tmp_path / "data").glob(".*.tmp"))
