"""Waiting for a real server (`python app.py`) to answer, shared by the suite and the soak benchmark."""
import time
from pathlib import Path

import requests


def wait_until_up(url: str, process, log_path: Path, seconds: float = 60) -> None:
    """Return once /healthz answers; raise with the server's log if it exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited: " + log_path.read_text())
        try:
            requests.get(url + "/healthz", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or slow on a busy machine
            time.sleep(0.2)
    raise RuntimeError(f"server did not start within {seconds:g}s")
