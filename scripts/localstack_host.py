"""LocalStack's host-mode entry point with one fix, run by the LocalStack interpreter (``.venv-localstack``).

LocalStack's in-memory S3 copies an object by opening the destination for writing (which takes its write lock and
empties the destination's stored bytes) and then reading the source into it. When the source is deleted while the
copy reads it (two confirmations of one upload race: one copies and deletes the upload, the other copies it too),
the read fails, CopyObject answers 500 and the destination is left holding part of the bytes under the metadata of
the whole object that was there before; unpatched, its write lock is never released either, so every later
GetObject of that key waits forever. AWS copies atomically: a reader sees the old object or the new one, whole, and a
copy whose source is gone answers 404 NoSuchKey. So the copy here reads the whole source first and touches the
destination only once it has all of it; a source deleted before or during the read answers NoSuchKey and leaves the
destination as it was. Everything else is LocalStack's own code. Decisions 80 and 83.
"""

from __future__ import annotations

import shutil
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from localstack.aws.api.s3 import NoSuchKey
from localstack.runtime.main import main
from localstack.services.s3.constants import S3_CHUNK_SIZE
from localstack.services.s3.storage import ephemeral
from localstack.services.s3.storage.core import should_copy_in_place

_copy = ephemeral.EphemeralS3ObjectStore.copy
BUFFER_IN_MEMORY = 16 * 1024 * 1024  # a larger source spills to a temporary file while it is copied


def _gone(src_object: Any) -> NoSuchKey:
    return NoSuchKey("The specified key does not exist.", Key=src_object.key)


def _read_whole(store: Any, bucket: str, src_object: Any, into: IO[bytes]) -> None:
    """The source's bytes into ``into``, or ``NoSuchKey`` when it was deleted since the request looked it up."""
    stored = store._get_object_file(bucket, store._key_from_s3_object(src_object))
    if stored is None or stored.closed:  # (opening it by key, as LocalStack does, would create it again, empty)
        raise _gone(src_object)
    with ephemeral.EphemeralS3StoredObject(src_object, stored, mode="r") as source:
        try:
            shutil.copyfileobj(source, into, S3_CHUNK_SIZE)
        except ValueError as closed:  # "I/O operation on closed file": deleted while read
            raise _gone(src_object) from closed


def copy_whole_or_nothing(store: Any, src_bucket: str, src_object: Any, dest_bucket: str, dest_object: Any) -> Any:
    if should_copy_in_place(src_bucket, src_object, dest_bucket, dest_object):
        return _copy(store, src_bucket, src_object, dest_bucket, dest_object)
    with SpooledTemporaryFile(max_size=BUFFER_IN_MEMORY) as whole:
        _read_whole(store, src_bucket, src_object, whole)
        whole.seek(0)
        destination = store.open(dest_bucket, dest_object, mode="w")
        try:
            destination.write(whole)
        except BaseException:
            destination.close()  # releases the destination's write lock
            raise
    return destination


ephemeral.EphemeralS3ObjectStore.copy = copy_whole_or_nothing

if __name__ == "__main__":
    main()
