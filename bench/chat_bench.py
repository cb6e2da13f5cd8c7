"""Chat benchmark: Guanxi's real server (auth, SQL persistence, rooms) beside a bare python-socketio echo server
(no auth, no persistence), each measured in the same run, server and load generator pinned to different cores.

    make bench-chat        # or: .venv/bin/python bench/chat_bench.py [--seconds 10]

Phases, each run on Guanxi and right after on the echo server: saturation throughput of persisted messages/s; ack latency at 1,000 msg/s over 200 connections;
1,000 concurrent sockets at 1 msg/s each (p99, connect time, server RSS); catch-up time for 1,000 missed messages.
Prints one table and writes bench/results/chat.json."""
import argparse
import asyncio
import collections
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import chat_mix  # noqa: E402
from bench.chat_seed import seed  # noqa: E402
from bench.sio_client import SioClient  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "chat.json"
SERVER_CPU, CLIENT_CPU = 0, 1


def pin(cpu: int) -> None:
    """Pin the calling process to one core (when the machine has it)."""
    if cpu < os.cpu_count():
        os.sched_setaffinity(0, {cpu})


def start(kind: str, port: int, database: Path) -> subprocess.Popen:
    """Start Guanxi (`python app.py`) or the echo server, pinned to the server core."""
    # The saturation phase keeps 8 sends in flight per person (~70/s each): the per-person event budget, sized
    # for people, would measure the limit instead of the server. It is raised for the benchmark only.
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "WARNING",
           "GUANXI_CHAT_EVENTS_PER_SECOND": "100000",
           "NEO4J_URI": "bolt://127.0.0.1:1", "RATELIMIT_ENABLED": "false", "GUANXI_SECRET_KEY": "bench-secret",
           "GRAPH_REPAIR_INTERVAL": "3600", "STORAGE_DIR": str(database.parent / "files")}
    command = [sys.executable, "app.py"] if kind == "guanxi" else [sys.executable, "bench/echo_server.py", str(port)]
    log = open(database.parent / f"{kind}.log", "w")  # noqa: SIM115  (the child keeps writing to it)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=lambda: pin(SERVER_CPU))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{kind} server did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Target:
    """One server under test and the sockets' credentials for it."""

    def __init__(self, kind: str, url: str, pid: int, people: list[dict]):
        self.kind, self.url, self.pid, self.people = kind, url, pid, people

    def auth(self, person: dict) -> dict:
        return {"token": person["token"]} if self.kind == "guanxi" else {"room": person["conversation_id"]}

    async def connect(self, person: dict) -> tuple[SioClient, float]:
        client = SioClient(self.url)
        started = time.perf_counter()
        await client.connect(self.auth(person))
        elapsed = time.perf_counter() - started
        await client.call("open", {"conversation_id": person["conversation_id"]}, timeout=30)
        return client, elapsed


async def connect_all(target: Target, people: list[dict], parallel: int = 50):
    gate = asyncio.Semaphore(parallel)

    async def one(person):
        async with gate:
            return await target.connect(person)

    started = time.perf_counter()
    pairs = await asyncio.gather(*(one(p) for p in people))
    return [c for c, _ in pairs], [t for _, t in pairs], time.perf_counter() - started


async def disconnect_all(clients) -> None:
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)


async def send(client, person, latencies, failures, tag) -> None:
    payload = chat_mix.payload(client.port, person, tag)  # a share reply or mention
    started = time.perf_counter()
    try:
        ack = await client.call("send_message", payload, timeout=30)
    except Exception:
        failures.append(tag)
        return
    if ack.get("ok"):
        latencies.append(time.perf_counter() - started)
        chat_mix.acked(client.port, ack)
    else:
        failures.append(ack.get("error"))


def reasons(failures: list) -> dict:
    """What went wrong, counted (timeouts show as the message number that timed out: "timeout")."""
    return dict(collections.Counter("timeout" if isinstance(f, int) else str(f) for f in failures))


async def saturation(target: Target, seconds: float, connections: int = 50, window: int = 8) -> dict:
    """Every connection keeps `window` sends in flight for `seconds`: acked (= committed) messages per second."""
    people = target.people[:connections]
    clients, _, _ = await connect_all(target, people)
    latencies, failures = [], []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()

    async def pump(client, person):
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            await send(client, person, latencies, failures, n)

    await asyncio.gather(*(pump(c, p) for c, p in zip(clients, people) for _ in range(window)))
    elapsed = time.perf_counter() - started
    await disconnect_all(clients)
    return {"messages_per_s": len(latencies) / elapsed, "acked": len(latencies), "failures": len(failures),
            "failure_reasons": reasons(failures)}


async def steady(target: Target, people: list[dict], rate_each: float, seconds: float, sample_rss=False) -> dict:
    """Each socket sends rate_each messages/s (staggered) for `seconds`; ack latencies, connect times, RSS."""
    clients, connect_times, connect_wall = await connect_all(target, people)
    latencies, failures, rss = [], [], [rss_mb(target.pid)]
    interval = 1.0 / rate_each
    started, cpu_before = time.perf_counter(), cpu_seconds(target.pid)

    async def talker(client, person, offset):
        await asyncio.sleep(offset)
        tick, n, tasks = started + offset, 0, []
        while tick < started + seconds:
            n += 1
            tasks.append(asyncio.ensure_future(send(client, person, latencies, failures, n)))
            tick += interval
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
        await asyncio.gather(*tasks)

    async def sampler():
        while time.perf_counter() < started + seconds:
            rss.append(rss_mb(target.pid))
            await asyncio.sleep(0.5)

    jobs = [talker(c, p, random.random() * interval) for c, p in zip(clients, people)]
    await asyncio.gather(*jobs, *([sampler()] if sample_rss else []))
    elapsed = time.perf_counter() - started
    cpu_ms = (cpu_seconds(target.pid) - cpu_before) * 1000 / max(len(latencies), 1)
    await disconnect_all(clients)
    return {"sent_per_s": (len(latencies) + len(failures)) / elapsed, "acked": len(latencies), "failures": len(failures),
            "server_cpu_ms_per_message": cpu_ms,
            "failure_reasons": reasons(failures),
            "p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
            "connect_wall_s": connect_wall, "connect_p50_ms": percentile(connect_times, 0.5) * 1000,
            "connect_p99_ms": percentile(connect_times, 0.99) * 1000, "rss_peak_mb": max(rss)}


async def catch_up(target: Target, reader: dict, conversation_id: str, rounds: int = 5) -> dict:
    """Connect with cursor 0 and page through 1,000 missed messages; the median of a few rounds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client = SioClient(target.url)
        await client.connect(target.auth(reader))
        cursor, got = 0, 0
        for _ in range(100):
            ack = await client.call("sync", {"cursors": {conversation_id: cursor}, "limit": 500}, timeout=30)
            got += len(ack["messages"])
            cursor = ack["messages"][-1]["seq"] if ack["messages"] else cursor
            if not ack["more"]:
                break
        times.append(time.perf_counter() - started)
        await client.disconnect()
        assert got >= 1000, f"{target.kind} caught up {got} messages"
    return {"seconds": statistics.median(times), "messages": got}


async def measure(targets: list[Target], seconds: float, catchups: dict, only: set[str] | None = None) -> dict:
    """Each phase on Guanxi, then at once on the echo server, so both see the same machine."""
    results = {t.kind: {} for t in targets}
    phases = [  # the 1,000-socket phase first, on fresh processes, so RSS is not other phases' leftovers
        ("sockets_1000", lambda t: steady(t, t.people[:1000], 1.0, seconds, sample_rss=True)),
        ("ack_200", lambda t: steady(t, t.people[:200], 5.0, seconds)),
        ("saturation", lambda t: saturation(t, seconds)),  # last of the sending phases: it writes the most
        ("catch_up", lambda t: catch_up(t, *catchups[t.kind])),
    ]
    idle = {t.kind: rss_mb(t.pid) for t in targets}
    for name, phase in phases:
        if only and name not in only:
            continue
        for target in targets:
            # The load generator's own full collections took 70-100 ms (thousands of live client objects) and
            # showed up as server latency; as timeit does, no collection while measuring, one between phases.
            gc.disable()
            try:
                results[target.kind][name] = await phase(target)
            finally:
                gc.enable()
                gc.collect()
            await asyncio.sleep(1)
    for target in targets:
        results[target.kind].setdefault("sockets_1000", {})["rss_idle_mb"] = idle[target.kind]
    return results


def table(guanxi: dict, echo: dict, persisted: int) -> str:
    rows = [
        ("saturation: persisted messages/s", guanxi["saturation"]["messages_per_s"], echo["saturation"]["messages_per_s"], ">= 2000", True),
        ("ack p50 @1,000 msg/s, 200 sockets (ms)", guanxi["ack_200"]["p50_ms"], echo["ack_200"]["p50_ms"], "<= 3", False),
        ("ack p99 @1,000 msg/s, 200 sockets (ms)", guanxi["ack_200"]["p99_ms"], echo["ack_200"]["p99_ms"], "<= 50", False),
        ("server CPU per message @1,000 msg/s (ms)", guanxi["ack_200"]["server_cpu_ms_per_message"],
         echo["ack_200"]["server_cpu_ms_per_message"], "", False),
        ("1,000 sockets @1 msg/s: ack p99 (ms)", guanxi["sockets_1000"]["p99_ms"], echo["sockets_1000"]["p99_ms"], "<= 250", False),
        ("1,000 sockets: connect all (s)", guanxi["sockets_1000"]["connect_wall_s"], echo["sockets_1000"]["connect_wall_s"], "", False),
        ("1,000 sockets: connect p99 (ms)", guanxi["sockets_1000"]["connect_p99_ms"], echo["sockets_1000"]["connect_p99_ms"], "", False),
        ("server RSS before connecting (MB)", guanxi["sockets_1000"]["rss_idle_mb"], echo["sockets_1000"]["rss_idle_mb"], "", False),
        ("1,000 sockets: server RSS peak (MB)", guanxi["sockets_1000"]["rss_peak_mb"], echo["sockets_1000"]["rss_peak_mb"], "<= 150", False),
        ("catch-up of 1,000 missed messages (ms)", guanxi["catch_up"]["seconds"] * 1000, echo["catch_up"]["seconds"] * 1000, "<= 1000", False),
    ] + chat_mix.rows({"uploads": guanxi.get("uploads")})
    lines = [f"{'measure':<42} {'guanxi':>10} {'bare echo':>10} {'ratio':>7}  target",
             "-" * 84]
    for name, ours, base, target, higher_better in rows:
        ratio = (ours / base) if base else float("nan")
        digits = 2 if ours < 10 else 1
        lines.append(f"{name:<42} {ours:>10.{digits}f} {base:>10.{digits}f} {ratio:>6.2f}x  {target}")
    lines.append("-" * 84)
    lines.append(f"failures: guanxi {sum(guanxi[k].get('failures', 0) for k in guanxi)}, "
                 f"echo {sum(echo[k].get('failures', 0) for k in echo)}; messages persisted by guanxi in SQL: {persisted}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each timed phase")
    parser.add_argument("--port", type=int, default=5102)
    parser.add_argument("--phases", default="", help="comma-separated subset while iterating, e.g. ack_200 "
                        "(sockets_1000, ack_200, saturation, catch_up, uploads); the table needs them all")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))  # 1,000 sockets on each side
    folder = ROOT / "instance" / "bench-chat"
    people, catchup_reader, catchup_id, database = seed(folder)
    chat_mix.pair_up(people)
    only = set(filter(None, args.phases.split(",")))
    pin(CLIENT_CPU)
    report = {"cpus": {"server": SERVER_CPU, "load_generator": CLIENT_CPU}, "seconds_per_phase": args.seconds}
    processes = {kind: start(kind, port, database) for kind, port in (("guanxi", args.port), ("echo", args.port + 1))}
    try:
        targets = [Target(kind, f"http://127.0.0.1:{port}", processes[kind].pid, people)
                   for kind, port in (("guanxi", args.port), ("echo", args.port + 1))]
        catchups = {"guanxi": (catchup_reader, catchup_id), "echo": (catchup_reader, "catchup")}
        report.update(asyncio.run(measure(targets, args.seconds, catchups, only)))
        if not only or "uploads" in only:  # Guanxi only: the echo server stores nothing; its baseline is the disk
            report["guanxi"]["uploads"] = chat_mix.uploads(targets[0].url, people[0], folder)
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=10)
    import sqlite3

    with sqlite3.connect(database) as connection:
        report["persisted_messages"] = connection.execute("SELECT count(*) FROM messages").fetchone()[0] - 1000
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    if only:
        print(json.dumps({kind: report[kind] for kind in ("guanxi", "echo")}, indent=1))
    else:
        print(table(report["guanxi"], report["echo"], report["persisted_messages"]))
    print(f"\nJSON: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
