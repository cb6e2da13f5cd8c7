"""A real S3-compatible server for the tests: moto's server mode, run as its own process on a free port."""
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import boto3
import requests

REGION = "us-east-1"
# moto accepts any credentials; boto3 must find some, and never a developer's real ones.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "guanxi-test", "AWS_SECRET_ACCESS_KEY": "guanxi-test-secret",
               "AWS_DEFAULT_REGION": REGION}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    """`python -m moto.server` on 127.0.0.1; make_bucket gives each test a bucket of its own."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "S3Server":
        self.log = open(self.folder / "moto.log", "wb")  # a file, not a pipe nobody reads
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("moto server exited: " + (self.folder / "moto.log").read_text())
            try:
                requests.get(self.url + "/moto-api/", timeout=2)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("moto server did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
            self.process = None

    def client(self):
        return boto3.client("s3", endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])

    def make_bucket(self) -> str:
        name = f"guanxi-test-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        return [item["Key"] for item in self.client().list_objects_v2(Bucket=bucket).get("Contents", [])]


@contextmanager
def aws_test_credentials():
    """The fake-but-valid credentials moto takes, in the environment boto3 reads, for the block's duration."""
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
