"""Real app processes (`python app.py`, gevent) and a Redis server for the end-to-end and scale-out tests."""
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

import socketio

from tests.conftest import NEO4J_URI, ROOT, free_port
from tests.live import wait_until_up


@contextmanager
def redis_server():
    """Debian's redis-server on a free loopback port, no persistence; yields its URL."""
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import redis

                redis.Redis(port=port, socket_timeout=1).ping()
                break
            except Exception:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def app_servers(folder, migrated_db, count=1, **env_extra):
    """`count` app processes sharing one SQL file (and env_extra, e.g. a message queue); yields their URLs."""
    database = folder / "guanxi.db"
    if not database.exists():
        shutil.copy(migrated_db, database)
    processes, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{database}", "NEO4J_URI": NEO4J_URI,
                   "GUANXI_SECRET_KEY": "live-test-secret", "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "false",
                   **env_extra}
            log_path = folder / f"server-{port}.log"  # a file: an unread pipe could fill and stall the server
            with open(log_path, "wb") as log:
                process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                           stderr=subprocess.STDOUT)
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_up(urls[-1], process, log_path)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


class Listener:
    """A python-socketio client that records every event it receives."""

    def __init__(self, url, token, events=("message", "typing", "read", "presence", "notification", "conversation"),
                 headers=None):
        self.client = socketio.Client(reconnection=False)
        self.seen = {name: [] for name in events}
        for name in events:
            self.client.on(name, lambda data, name=name: self.seen[name].append(data))
        auth = {"token": token} if token is not None else None  # None: the login cookie in headers
        self.client.connect(url, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=10)

    def call(self, event, payload, timeout=10):
        return self.client.call(event, payload, timeout=timeout)

    def wait_for(self, name, predicate=lambda items: items, seconds=10.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not predicate(self.seen[name]):
            time.sleep(0.02)
        return self.seen[name]

    def close(self):
        self.client.disconnect()
