"""The fix ``scripts/localstack_host.py`` makes to LocalStack's in-memory S3 (decision 83), driven step by step in
LocalStack's own interpreter: the source is deleted exactly while the copy reads it, or just before the copy looks
it up — the interleavings ``test_s3_copy_race.py`` can only hope to hit. Run by ``make test-localstack``, which
names the interpreter (``LOCALSTACK_PYTHON``); deselected on moto."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.localstack

ROOT = Path(__file__).resolve().parents[2]

COPY_WHILE_DELETED = textwrap.dedent("""
    import io, json, sys, threading
    sys.path.insert(0, "scripts")
    import localstack_host  # noqa: F401  (applies the fix, as the host entry point does)
    from localstack.aws.api.s3 import NoSuchKey
    from localstack.services.s3.models import S3Object
    from localstack.services.s3.storage import ephemeral

    WHEN = sys.argv[1]  # "during": deleted after the copy read its first chunk; "before": deleted before it looks
    store = ephemeral.EphemeralS3ObjectStore()
    store.create_bucket("b")
    old, new = b"o" * 300_000, b"n" * 300_000  # several of LocalStack's chunks
    stored, upload = S3Object(key="stored"), S3Object(key="incoming")
    for s3_object, body in ((stored, old), (upload, new)):
        with store.open("b", s3_object, mode="w") as out:
            out.write(io.BytesIO(body))
    read = ephemeral.EphemeralS3StoredObject.read
    def read_then_delete(self, size=-1):
        data = read(self, size)
        if self.s3_object is upload:
            store.remove("b", upload)  # the other confirmation deleted the upload meanwhile
        return data
    ephemeral.EphemeralS3StoredObject.read = read_then_delete
    if WHEN == "before":
        store.remove("b", upload)
    outcome = "copied"
    try:
        store.copy("b", upload, "b", S3Object(key="stored")).close()
    except NoSuchKey:
        outcome = "NoSuchKey"
    except Exception as other:
        outcome = type(other).__name__
    found = {}
    def read_stored():  # in a thread: a destination left locked would make this wait for ever
        with store.open("b", stored, mode="r") as source:
            found["body"] = source.read()
    reader = threading.Thread(target=read_stored, daemon=True)
    reader.start()
    reader.join(10)
    body = found.get("body")
    print(json.dumps({"outcome": outcome, "readable": body is not None,
                      "stored": "old" if body == old else "new" if body == new else f"{len(body or b'')} bytes",
                      "upload_recreated": store._get_object_file("b", store._key_from_s3_object(upload)) is not None}))
""")


def _copy_while(when: str) -> dict[str, object]:
    interpreter = os.environ.get("LOCALSTACK_PYTHON")
    assert interpreter, "make test-localstack names LocalStack's interpreter in LOCALSTACK_PYTHON"
    done = subprocess.run([interpreter, "-c", COPY_WHILE_DELETED, when], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=True, env={**os.environ, "PYTHONPATH": ""})
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("when", ["during", "before"])
def test_a_copy_whose_source_is_deleted_answers_404_and_leaves_the_destination_whole(when: str) -> None:
    assert _copy_while(when) == {"outcome": "NoSuchKey", "readable": True, "stored": "old",
                                 "upload_recreated": False}
