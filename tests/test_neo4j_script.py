"""scripts/neo4j.sh on a Neo4j of its own: `status` asks Bolt, and a start right after a stop gets a server."""
import os
import signal
import socket
import subprocess
import time

import pytest
from neo4j import GraphDatabase

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "neo4j.sh"


class Instance:
    """One Neo4j home and Bolt port under the test's tmp directory, driven through the script."""

    def __init__(self, home):
        self.home = home
        self.port = _free_port()
        # Small memory: this server runs beside the test Neo4j and whatever else shares the machine.
        self.env = {**os.environ, "NEO4J_BOLT_PORT": str(self.port), "NEO4J_HOME_DIR": str(home),
                    "NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "64m"}

    def command(self, verb: str, wait=True):
        args = dict(env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if not wait:
            return subprocess.Popen([str(SCRIPT), verb], **args)
        return subprocess.run([str(SCRIPT), verb], timeout=300, **args)

    def pid(self) -> int | None:
        try:
            return int((self.home / "neo4j.pid").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def answers(self) -> bool:
        """What the app needs: a driver that gets through to the server."""
        with GraphDatabase.driver(f"bolt://127.0.0.1:{self.port}", connection_timeout=2) as driver:
            try:
                driver.verify_connectivity()
            except Exception:
                return False
        return True


@pytest.fixture
def neo4j(tmp_path):
    instance = Instance(tmp_path / "neo4j")
    yield instance
    pid = instance.pid()
    instance.command("stop")
    if pid is not None and _alive(pid):  # the script under test failed to stop it: never leave a JVM behind
        os.kill(pid, signal.SIGKILL)


def test_status_asks_bolt_and_start_right_after_sigterm_waits_for_a_fresh_server(neo4j):
    starting = neo4j.command("start", wait=False)
    _wait_for(lambda: neo4j.pid() is not None and _alive(neo4j.pid()), 60)
    # A JVM that is alive but not yet serving Bolt is not "running": the app could not reach it.
    assert neo4j.command("status").returncode != 0
    assert starting.wait(300) == 0, starting.stderr.read()
    assert neo4j.command("status").returncode == 0

    old = neo4j.pid()
    os.kill(old, signal.SIGTERM)  # what Ctrl-C in `make run` and `make stop` send; shutdown takes seconds
    restarted = neo4j.command("start")
    assert restarted.returncode == 0, restarted.stderr
    assert neo4j.answers(), restarted.stdout  # before the fix: "already running" while the old one stopped
    assert neo4j.command("status").returncode == 0
    assert not _alive(old) and neo4j.pid() != old

    assert neo4j.command("stop").returncode == 0
    assert neo4j.command("status").returncode != 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
