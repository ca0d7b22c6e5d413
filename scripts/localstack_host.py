"""LocalStack's host-mode entry point with one fix, run by the LocalStack interpreter (``.venv-localstack``).

LocalStack's in-memory S3 copies an object by opening the destination for writing (which takes the destination's
write lock) and then reading the source into it. When the source is deleted while the copy reads it (two
confirmations of one upload race: one copies and deletes the upload, the other copies it too), the read fails
with "I/O operation on closed file", CopyObject answers 500, and the destination's write lock is never released:
every later GetObject of that key waits forever. AWS answers such a copy 404 (or copies the snapshot) and keeps
the destination readable, so the fix is to release the lock when the copy fails; everything else is LocalStack's
own code. Decision 79.
"""

from __future__ import annotations

from typing import Any

from localstack.runtime.main import main
from localstack.services.s3.storage import ephemeral
from localstack.services.s3.storage.core import should_copy_in_place

_copy = ephemeral.EphemeralS3ObjectStore.copy


def copy_releasing_on_failure(store: Any, src_bucket: str, src_object: Any, dest_bucket: str,
                              dest_object: Any) -> Any:
    if should_copy_in_place(src_bucket, src_object, dest_bucket, dest_object):
        return _copy(store, src_bucket, src_object, dest_bucket, dest_object)
    with store.open(src_bucket, src_object, mode="r") as source:
        destination = store.open(dest_bucket, dest_object, mode="w")
        try:
            destination.write(source)
        except BaseException:
            destination.close()  # releases the destination's write lock
            raise
    return destination


ephemeral.EphemeralS3ObjectStore.copy = copy_releasing_on_failure

if __name__ == "__main__":
    main()
