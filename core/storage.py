"""File storage: bytes kept under keys the server chooses, on local disk (default) or in an S3-compatible store.

STORAGE_URL unset (or file:///folder) keeps files under STORAGE_DIR (instance/files); s3://bucket/prefix keeps them
in that bucket through boto3, at STORAGE_ENDPOINT_URL (or the standard AWS_ENDPOINT_URL* variables), with the
credentials and region boto3 finds in the environment. Certificate documents and chat attachments both use it.
Keys are ids the server made (never a user's file name); anything else is refused, so no key reaches outside
the store. A store that cannot be reached is StorageUnavailable, a 503.
"""
import contextlib
import io
import logging
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app

from core.config import INSTANCE
from core.i18n import N_
from core.errors import DomainError, NotFound
from core.writer import guard_io

log = logging.getLogger(__name__)
STORAGE_DOWN = N_("File storage is unavailable right now; please try again shortly.")
CHUNK = 64 * 1024
# Path segments of letters, digits, - and _: no dots (so no "..", no hidden or sidecar names), no backslashes.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}(/[A-Za-z0-9_-]{1,100}){0,4}")


class StorageUnavailable(DomainError):
    status, code = 503, "storage_unavailable"

    def __init__(self, message: str = STORAGE_DOWN):
        super().__init__(message)


def new_key(kind: str) -> str:
    """A fresh key for a file of this kind ("certificates", "attachments")."""
    return f"{kind}/{uuid.uuid4().hex}"


def checked_key(key: str) -> str:
    """The key when it is one the server could have made; ValueError otherwise."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class StoredFile:
    """An open stored file: its size and type, and its bytes in chunks; close it when done (a response does)."""

    def __init__(self, chunks: Iterator[bytes], size: int, content_type: str, close=None):
        self.chunks, self.size, self.content_type = chunks, size, content_type
        self._close = close

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None


class Storage(Protocol):
    def put(self, key: str, data: bytes | IO[bytes], content_type: str) -> int: ...
    def open(self, key: str) -> StoredFile: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


def _seekable(data: bytes | IO[bytes]) -> tuple[IO[bytes], int]:
    """data as a stream at its start, with its size (uploads arrive as seekable spooled files)."""
    if isinstance(data, (bytes, bytearray)):
        return io.BytesIO(data), len(data)
    data.seek(0, os.SEEK_END)
    size = data.tell()
    data.seek(0)
    return data, size


class LocalStorage:
    """Files in a folder: <key> holds the bytes, <key>.type the content type (keys have no dots, so no clash)."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / checked_key(key)).resolve()
        if not path.is_relative_to(self.root):  # the key pattern already forbids it; a symlink must not either
            raise ValueError(f"storage key leaves the store: {key!r}")
        return path

    def put(self, key: str, data: bytes | IO[bytes], content_type: str) -> int:
        """Store the bytes whole or not at all (a half-written file is never visible under its key)."""
        guard_io("File storage")
        path = self._path(key)
        stream, size = _seekable(data)
        partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    out.write(chunk)
            path.with_name(path.name + ".type").write_text(content_type)
            partial.replace(path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            log.warning("file storage: cannot write %s: %s", key, exc)
            raise StorageUnavailable() from exc
        return size

    def open(self, key: str) -> StoredFile:
        """The stored file; NotFound when there is none."""
        guard_io("File storage")
        path = self._path(key)
        try:
            handle = path.open("rb")
            content_type = path.with_name(path.name + ".type").read_text().strip()
            size = os.fstat(handle.fileno()).st_size
        except FileNotFoundError as exc:
            raise NotFound(N_("The file is not there (any more).")) from exc
        except OSError as exc:
            log.warning("file storage: cannot read %s: %s", key, exc)
            raise StorageUnavailable() from exc
        return StoredFile(iter(lambda: handle.read(CHUNK), b""), size, content_type or "application/octet-stream",
                          handle.close)

    def delete(self, key: str) -> None:
        """Remove the file; removing one that is gone is fine (a retry)."""
        guard_io("File storage")
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".type").unlink(missing_ok=True)
        except OSError as exc:
            raise StorageUnavailable() from exc

    def exists(self, key: str) -> bool:
        guard_io("File storage")
        return self._path(key).is_file()


class S3Storage:
    """Objects in an S3-compatible bucket under a prefix; the client is made at first use, never on import."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str | None = None,
                 timeout: float = 10.0):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.endpoint_url, self.region, self.timeout = endpoint_url, region, timeout
        self._client = None

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{checked_key(key)}" if self.prefix else checked_key(key)

    @property
    def client(self):
        if self._client is None:
            import boto3
            from botocore.config import Config
            # Short timeouts and one retry: an unreachable store should be a 503 in seconds, not a hung request.
            # Path-style addressing when an endpoint is named: S3-compatible servers rarely serve bucket subdomains.
            config = Config(connect_timeout=self.timeout, read_timeout=self.timeout,
                            retries={"max_attempts": 2, "mode": "standard"},
                            s3={"addressing_style": "path" if self.endpoint_url else "auto"})
            self._client = boto3.session.Session().client("s3", endpoint_url=self.endpoint_url,
                                                          region_name=self.region, config=config)
        return self._client

    def _call(self, what: str, run):
        from botocore.exceptions import BotoCoreError, ClientError
        guard_io("File storage")
        try:
            return run()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise NotFound(N_("The file is not there (any more).")) from exc
            log.warning("file storage: %s failed: %s", what, exc)
            raise StorageUnavailable() from exc
        except BotoCoreError as exc:  # unreachable endpoint, timeouts, no credentials
            log.warning("file storage: %s failed: %s", what, exc)
            raise StorageUnavailable() from exc

    def put(self, key: str, data: bytes | IO[bytes], content_type: str) -> int:
        """Upload the bytes (multipart for large ones); S3 makes an object visible only once it is complete."""
        name = self._name(key)
        stream, size = _seekable(data)
        self._call("upload", lambda: self.client.upload_fileobj(stream, self.bucket, name,
                                                                ExtraArgs={"ContentType": content_type}))
        return size

    def open(self, key: str) -> StoredFile:
        name = self._name(key)
        answer = self._call("download", lambda: self.client.get_object(Bucket=self.bucket, Key=name))
        body = answer["Body"]
        return StoredFile(body.iter_chunks(CHUNK), int(answer["ContentLength"]),
                          answer.get("ContentType") or "application/octet-stream", body.close)

    def delete(self, key: str) -> None:
        """Remove the object (S3 answers the same for one that is gone)."""
        name = self._name(key)
        self._call("delete", lambda: self.client.delete_object(Bucket=self.bucket, Key=name))

    def exists(self, key: str) -> bool:
        name = self._name(key)
        try:
            self._call("head", lambda: self.client.head_object(Bucket=self.bucket, Key=name))
        except NotFound:
            return False
        return True


def storage_for(config: dict) -> Storage:
    """The store STORAGE_URL names: unset or file:///folder for local disk, s3://bucket/prefix for S3."""
    url = config.get("STORAGE_URL") or ""
    if not url:
        return LocalStorage(Path(config.get("STORAGE_DIR") or INSTANCE / "files"))
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path:
        return LocalStorage(Path(unquote(parts.path)))
    if parts.scheme == "s3" and parts.hostname:
        return S3Storage(parts.hostname, unquote(parts.path), config.get("STORAGE_ENDPOINT_URL") or None,
                         config.get("STORAGE_REGION") or None, float(config.get("STORAGE_TIMEOUT") or 10))
    raise ValueError(f"STORAGE_URL must look like s3://bucket/prefix or file:///folder (it has scheme {parts.scheme!r})")


def init_app(app: Flask) -> None:
    """Choose the app's store from its config (nothing is connected until the first file is stored or read)."""
    app.extensions["storage"] = storage_for(app.config)


def current() -> Storage:
    """The running app's store."""
    return current_app.extensions["storage"]
