"""Every request the soak makes, with its latency and outcome; and the HTTP client that records them."""
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

import requests

# Socket.IO acks that mean the server failed (the HTTP API answers these as 503 / 500).
NACK_STATUS = {"sql_unavailable": 503, "graph_unavailable": 503, "unavailable": 503, "internal": 500}


@dataclass(frozen=True)
class Call:
    """One request: who made it, what for, when (seconds since the run began), how long, and its outcome."""

    client: str
    action: str
    method: str
    path: str
    started: float
    seconds: float
    status: int | str  # the HTTP status (a Socket.IO ack is mapped to one), or "timeout" / "error"
    detail: str = ""

    @property
    def failed(self) -> bool:
        """A server error or no answer at all: what a person sees as "it's broken"."""
        return isinstance(self.status, str) or self.status >= 500

    def line(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return (f"t=+{self.started:6.1f}s  {self.client:<12} {self.action:<22} {self.method} {self.path}  "
                f"→ {self.status} after {self.seconds:.2f}s{extra}")


class Recorder:
    """Thread-safe list of calls; the run's clock starts when it is made."""

    def __init__(self):
        self.t0 = time.monotonic()
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    def now(self) -> float:
        return time.monotonic() - self.t0

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def snapshot(self) -> list[Call]:
        with self.lock:
            return list(self.calls)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_summary(calls: list[Call], slow: float) -> dict:
    """Counts and latency figures of a run's calls (seconds)."""
    seconds = [c.seconds for c in calls]
    return {"requests": len(calls), "p50": percentile(seconds, 50), "p99": percentile(seconds, 99),
            "max": max(seconds, default=0.0),
            "server_errors": sum(1 for c in calls if not isinstance(c.status, str) and c.status >= 500),
            "timeouts": sum(1 for c in calls if c.status == "timeout"),
            "errors": sum(1 for c in calls if c.status == "error"),
            "failures": sum(1 for c in calls if c.failed), "slow": sum(1 for c in calls if c.seconds > slow)}


def freezes(calls: list[Call], slow: float) -> list[dict]:
    """Slow calls grouped into windows where their waits overlap: one window is one stall of the server."""
    windows: list[dict] = []
    for call in sorted((c for c in calls if c.seconds > slow), key=lambda c: c.started):
        end = call.started + call.seconds
        if windows and call.started <= windows[-1]["end"]:
            window = windows[-1]
            window["end"] = max(window["end"], end)
            window["calls"].append(call)
        else:
            windows.append({"start": call.started, "end": end, "calls": [call]})
    return windows


def describe_freeze(window: dict) -> str:
    calls = window["calls"]
    statuses = Counter(str(c.status) for c in calls)
    actions = Counter(c.action for c in calls)
    return (f"t=+{window['start']:.1f}–{window['end']:.1f}s: {len(calls)} requests waited "
            f"{min(c.seconds for c in calls):.1f}–{max(c.seconds for c in calls):.1f}s "
            f"(status {', '.join(f'{s}×{n}' for s, n in statuses.most_common())}; "
            f"{', '.join(f'{a}×{n}' for a, n in actions.most_common(6))})")


class Http:
    """One client's HTTP connection to the server, as one person (bearer token), recording every call."""

    def __init__(self, base_url: str, recorder: Recorder, client: str, timeout: float):
        self.base_url, self.recorder, self.client, self.timeout = base_url, recorder, client, timeout
        self.session = requests.Session()

    def call(self, action: str, method: str, path: str, token: str | None = None, **kwargs):
        """The response, or None when there was none (timeout, connection error); recorded either way."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        started = self.recorder.now()
        status, detail, response = "error", "", None
        try:
            response = self.session.request(method, self.base_url + path, headers=headers, timeout=self.timeout,
                                            **kwargs)
            status = response.status_code
            if status >= 400:
                detail = _error_code(response)
        except requests.Timeout:
            status = "timeout"
        except requests.RequestException as exc:
            detail = type(exc).__name__
        self.recorder.add(Call(self.client, action, method, _shape(path), started, self.recorder.now() - started,
                               status, detail))
        return response

    def close(self) -> None:
        self.session.close()


def _error_code(response) -> str:
    try:
        return str(response.json().get("error", ""))
    except ValueError:
        return response.text[:60]


def _shape(path: str) -> str:
    """The path with ids replaced (/api/people/<id>), so calls group by endpoint."""
    parts = path.split("?")[0].split("/")
    return "/".join("<id>" if len(part) >= 16 and any(ch.isdigit() for ch in part) else part for part in parts)


def by_action(calls: list[Call]) -> list[str]:
    """One line per kind of request: how many, median and worst latency, failures — slowest first."""
    groups: dict[str, list[Call]] = {}
    for call in calls:
        groups.setdefault(call.action, []).append(call)
    rows = sorted(groups.items(), key=lambda item: -max(c.seconds for c in item[1]))
    return [f"{action:<22} {len(group):>5}  p50 {percentile([c.seconds for c in group], 50) * 1000:7.0f} ms  "
            f"max {max(c.seconds for c in group):6.2f} s  failed {sum(c.failed for c in group)}"
            for action, group in rows]
