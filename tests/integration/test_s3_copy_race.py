"""What the upload confirmation (``functions/storage/dal/objects.py`` ``move``) relies on S3 for: a copy that races
the delete of its source answers 404 or copies the whole object, and its destination is never left part-written.
AWS copies atomically; LocalStack's in-memory S3 did not (it emptied the destination, failed mid-read and left it
truncated: CI's "image file is truncated"), which ``scripts/localstack_host.py`` fixes. Runs on both backends. The
interleaving is left to the race here (a few rounds copy, most see the delete first);
``test_localstack_host.py`` drives the deletion mid-read step by step."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

from tests.integration.conftest import Platform

ROUNDS = 40
SIZE = 2 * 1024 * 1024  # large enough for the delete to land while the copy still reads
# a destination left locked would make a read wait for ever: fail in seconds instead, and never retry a 500
NO_RETRY = Config(read_timeout=20, connect_timeout=5, retries={"max_attempts": 1, "mode": "standard"})


def _together(*calls: Callable[[], Any]) -> list[BaseException | None]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> BaseException | None:
        start.wait()
        try:
            call()
        except ClientError as exc:
            return exc
        return None

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_a_copy_racing_the_delete_of_its_source_leaves_the_destination_whole(platform: Platform) -> None:
    s3 = platform.boto("s3", NO_RETRY)
    bucket = f"copy-race-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    try:
        _race(s3, bucket)
    finally:  # 4 MiB the emulator would otherwise keep for the rest of the session
        for key in ("stored", "incoming"):
            s3.delete_object(Bucket=bucket, Key=key)
        s3.delete_bucket(Bucket=bucket)


def _race(s3: Any, bucket: str) -> None:
    before = os.urandom(SIZE)
    s3.put_object(Bucket=bucket, Key="stored", Body=before)
    outcomes: dict[str, int] = {}
    for round_ in range(ROUNDS):
        upload = os.urandom(SIZE)
        s3.put_object(Bucket=bucket, Key="incoming", Body=upload)
        copy_error, _ = _together(
            lambda: s3.copy_object(Bucket=bucket, Key="stored", CopySource={"Bucket": bucket, "Key": "incoming"}),
            lambda: s3.delete_object(Bucket=bucket, Key="incoming"))
        if copy_error is not None:
            code = copy_error.response["Error"]["Code"]  # type: ignore[attr-defined]
            assert code in ("NoSuchKey", "404"), f"round {round_}: the copy failed with {code}, not 404"
        stored = s3.get_object(Bucket=bucket, Key="stored")["Body"].read()
        assert stored in (before, upload), (
            f"round {round_}: the destination holds {len(stored)} bytes, neither the old object nor the copy")
        outcome = "kept" if stored == before else "copied"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        before = stored
    print(f"copy racing delete, {ROUNDS} rounds: {outcomes}")
