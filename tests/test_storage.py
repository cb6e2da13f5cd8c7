"""File storage (core/storage.py): one contract, kept by local disk and by a real S3-compatible server alike."""
import io
import os

import pytest

from core.errors import NotFound
from core.storage import LocalStorage, S3Storage, StorageUnavailable, new_key, storage_for
from tests.s3_server import REGION

BAD_KEYS = ["../outside", "certificates/../../etc/passwd", "/etc/passwd", "certificates\\x", "certificates/a.type",
            "", "certificates//a", "certificates/", "a" * 101, "a/b/c/d/e/f"]


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    """Each contract test runs against both stores."""
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    server = request.getfixturevalue("s3_server")
    return S3Storage(server.make_bucket(), "guanxi/files", endpoint_url=server.url, region=REGION, timeout=5)


def read(store, key) -> tuple[bytes, int, str]:
    stored = store.open(key)
    try:
        return b"".join(stored.chunks), stored.size, stored.content_type
    finally:
        stored.close()


def test_what_was_put_comes_back_with_its_size_and_type(store):
    key = new_key("certificates")
    assert not store.exists(key)
    assert store.put(key, b"%PDF-1.4 scanned certificate", "application/pdf") == 28
    assert store.exists(key)
    assert read(store, key) == (b"%PDF-1.4 scanned certificate", 28, "application/pdf")


def test_a_large_stream_goes_in_and_comes_out_whole(store):
    """Larger than a read chunk and than boto3's multipart threshold (8 MB): uploaded in parts, read in chunks."""
    data = os.urandom(9 * 1024 * 1024 + 123)
    key = new_key("attachments")
    assert store.put(key, io.BytesIO(data), "image/png") == len(data)
    stored = store.open(key)
    chunks = list(stored.chunks)
    stored.close()
    assert len(chunks) > 1 and b"".join(chunks) == data


def test_putting_a_key_again_replaces_it(store):
    key = new_key("certificates")
    store.put(key, b"first", "image/png")
    store.put(key, b"second version", "image/jpeg")
    assert read(store, key) == (b"second version", 14, "image/jpeg")


def test_deleting_removes_and_deleting_again_is_fine(store):
    key = new_key("certificates")
    store.put(key, b"x", "application/pdf")
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # a retried cleanup
    with pytest.raises(NotFound):
        store.open(key)


def test_only_keys_the_server_makes_are_accepted(store):
    for key in BAD_KEYS:
        for attempt in (lambda k: store.put(k, b"x", "application/pdf"), store.open, store.delete, store.exists):
            with pytest.raises(ValueError):
                attempt(key)


def test_the_local_store_never_follows_a_link_out_of_its_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "certificates").symlink_to(outside)
    store = LocalStorage(tmp_path / "files")
    with pytest.raises(ValueError):
        store.put("certificates/abc", b"x", "application/pdf")
    assert list(outside.iterdir()) == []


def test_a_local_write_leaves_no_partial_file(tmp_path):
    store = LocalStorage(tmp_path / "files")
    store.put("certificates/abc", b"whole", "application/pdf")
    assert sorted(p.name for p in (tmp_path / "files" / "certificates").iterdir()) == ["abc", "abc.type"]


def test_s3_objects_live_under_the_prefix_with_their_type(s3_server):
    bucket = s3_server.make_bucket()
    store = S3Storage(bucket, "/tenant-a/files/", endpoint_url=s3_server.url, region=REGION)
    store.put("certificates/abc", b"png bytes", "image/png")
    assert s3_server.keys(bucket) == ["tenant-a/files/certificates/abc"]
    head = s3_server.client().head_object(Bucket=bucket, Key="tenant-a/files/certificates/abc")
    assert head["ContentType"] == "image/png"


def test_a_store_that_cannot_be_reached_is_unavailable(tmp_path, s3_server):
    nowhere = S3Storage("guanxi-files", endpoint_url="http://127.0.0.1:1", region=REGION, timeout=1)
    missing_bucket = S3Storage("no-such-bucket-here", endpoint_url=s3_server.url, region=REGION, timeout=5)
    (tmp_path / "a-file").write_text("not a folder")
    unwritable = LocalStorage(tmp_path / "a-file")
    for store in (nowhere, missing_bucket, unwritable):
        with pytest.raises(StorageUnavailable):
            store.put("certificates/abc", b"x", "application/pdf")
    with pytest.raises(StorageUnavailable):
        nowhere.open("certificates/abc")
    with pytest.raises(StorageUnavailable):
        nowhere.delete("certificates/abc")


def test_storage_url_chooses_the_store(tmp_path):
    local = storage_for({"STORAGE_DIR": str(tmp_path / "files")})
    assert isinstance(local, LocalStorage) and local.root == (tmp_path / "files").resolve()
    assert storage_for({"STORAGE_URL": f"file://{tmp_path}/other"}).root == (tmp_path / "other").resolve()
    s3 = storage_for({"STORAGE_URL": "s3://guanxi-files/prod/docs", "STORAGE_ENDPOINT_URL": "http://127.0.0.1:1"})
    assert isinstance(s3, S3Storage) and (s3.bucket, s3.prefix, s3.endpoint_url) == ("guanxi-files", "prod/docs",
                                                                                       "http://127.0.0.1:1")
    assert s3._client is None  # nothing connects until a file is stored or read
    for bad in ("ftp://host/files", "s3:///no-bucket", "files"):
        with pytest.raises(ValueError):
            storage_for({"STORAGE_URL": bad})
