"""The only code that touches the files bucket."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent.clients import AwsClients, aws
from design_agent.dynamo import error_code

from functions.storage.dal.cdn import CdnUrls


@dataclass(frozen=True)
class ObjectHead:
    size: int
    first_bytes: bytes
    last_modified: datetime


class ObjectStore:
    def __init__(self, bucket: str, clients: AwsClients | None = None, cdn: CdnUrls | None = None) -> None:
        self._bucket = bucket
        self._clients = clients or aws()
        self._cdn = cdn

    @property
    def _s3(self) -> Any:
        return self._clients.client("s3")

    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires_s: int) -> dict[str, Any]:
        return self._s3.generate_presigned_post(  # type: ignore[no-any-return]
            Bucket=self._bucket, Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes],
                        {"key": key}, {"bucket": self._bucket}],
            ExpiresIn=expires_s)

    def head(self, key: str, sniff_bytes: int = 64) -> ObjectHead | None:
        """Size and the first bytes (for content sniffing) of an object; None if it is gone."""
        try:
            meta = self._s3.head_object(Bucket=self._bucket, Key=key)
            if meta["ContentLength"] == 0:
                return ObjectHead(size=0, first_bytes=b"", last_modified=meta["LastModified"])
            first = self._s3.get_object(Bucket=self._bucket, Key=key, Range=f"bytes=0-{sniff_bytes - 1}")
            with closing(first["Body"]) as body:  # an S3 that ignored the range must not keep sending the rest
                return ObjectHead(size=int(meta["ContentLength"]), first_bytes=body.read(sniff_bytes),
                                  last_modified=meta["LastModified"])
        except ClientError as exc:
            if error_code(exc) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read(self, key: str) -> bytes:
        return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()  # type: ignore[no-any-return]

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._s3.put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def move(self, source: str, target: str, content_type: str, disposition: str) -> None:
        """Server-side copy then delete (idempotent: a missing source after a finished copy is fine). The copy
        carries the type and disposition it is served with (what the CDN hands on)."""
        try:
            self._s3.copy_object(Bucket=self._bucket, Key=target, CopySource={"Bucket": self._bucket, "Key": source},
                                 ContentType=content_type, ContentDisposition=disposition,
                                 MetadataDirective="REPLACE")
        except ClientError as exc:
            if error_code(exc) not in ("NoSuchKey", "404") or self.head(target) is None:
                raise
        self.delete(source)

    def delete(self, key: str) -> None:
        self._s3.delete_object(Bucket=self._bucket, Key=key)

    def download_url(self, key: str, ttl_s: int, expires_at: datetime, content_type: str, disposition: str) -> str:
        """A URL that works for ``ttl_s``, until ``expires_at``: CloudFront-signed in stages with a CDN, else
        presigned S3 — whose answer says the file's true type and disposition, whatever metadata the object has."""
        if self._cdn is not None:
            return self._cdn.url(key, expires_at)
        return self._s3.generate_presigned_url(  # type: ignore[no-any-return]
            "get_object", ExpiresIn=ttl_s,
            Params={"Bucket": self._bucket, "Key": key, "ResponseContentType": content_type,
                    "ResponseContentDisposition": disposition})

    def keys(self, prefix: str, max_keys: int = 1000) -> Iterator[tuple[str, datetime]]:
        paginator = self._s3.get_paginator("list_objects_v2")
        seen = 0
        for page in paginator.paginate(Bucket=self._bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                yield obj["Key"], obj["LastModified"]
                seen += 1
                if seen >= max_keys:
                    return
