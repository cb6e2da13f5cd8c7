"""Community fan-out benchmark (issue 16): one member of a 500-member industry community sends; how long until the
last of the other members' sockets has the message, and its notification? Beside the baseline of the same run: a
bare python-socketio server (bench/echo_server.py, no auth, no persistence) emitting to a room of 500 sockets.

    .venv/bin/python bench/community_fanout.py [--rounds 40]     (make bench-chat runs it after the chat benchmark)

Every socket stays on the community list (none has it open), so Guanxi sends each one the `message` and a
`notification` nudge. Prints one table and writes bench/results/community_fanout.json."""
import argparse
import asyncio
import gc
import hashlib
import json
import resource
import secrets
import shutil
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402
from sqlalchemy import create_engine, insert  # noqa: E402

from accounts.cli import alembic_config  # noqa: E402
from accounts.models import ApiToken, User  # noqa: E402
from bench.chat_bench import CLIENT_CPU, percentile, pin, start  # noqa: E402
from bench.sio_client import SioClient  # noqa: E402
from messaging.community_models import Community  # noqa: E402
from messaging.models import Conversation, Participant  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "community_fanout.json"
MEMBERS = 500


def seed(folder: Path) -> tuple[list[dict], str, Path]:
    """A fresh database holding one community of MEMBERS people with API tokens; (people, conversation id, path)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = folder / "guanxi.db"
    url = f"sqlite:///{database}"
    command.upgrade(alembic_config(url), "head")
    now = datetime.now(timezone.utc)
    people = [{"id": str(uuid.uuid4()), "token": secrets.token_urlsafe(24)} for _ in range(MEMBERS)]
    cid = str(uuid.uuid4())
    rows = {
        User: [{"id": p["id"], "email": f"fanout{n}@example.com", "password_hash": "!", "name": f"Valve Person {n}",
                "headline": "", "company": "", "title": "", "industry": "Industrial Valves", "location": "",
                "crm_consent": False, "suggestible": True, "company_id": None, "graph_pending": False,
                "created_at": now} for n, p in enumerate(people)],
        ApiToken: [{"id": str(uuid.uuid4()), "user_id": p["id"], "token_hash": hashlib.sha256(p["token"].encode()).hexdigest(),
                    "label": "bench", "created_at": now, "last_used_at": now, "revoked_at": None} for p in people],
        Conversation: [{"id": cid, "kind": "community", "title": "Industrial Valves", "direct_key": None, "last_seq": 0,
                        "change_seq": 0, "created_by": people[0]["id"], "created_at": now, "last_message_at": None}],
        Community: [{"id": str(uuid.uuid4()), "industry_key": "industrial valves", "industry": "Industrial Valves",
                     "conversation_id": cid, "created_at": now}],
        Participant: [{"conversation_id": cid, "user_id": p["id"], "role": "moderator" if n == 0 else "member",
                       "last_read_seq": 0, "joined_at": now} for n, p in enumerate(people)],
    }
    engine = create_engine(url)
    with engine.begin() as connection:
        for table, values in rows.items():
            connection.execute(insert(table), values)
    engine.dispose()
    return people, cid, database


class Arrivals:
    """When each round's message (and notification) reached each listening socket."""

    def __init__(self):
        self.at: dict[tuple[str, int], list[float]] = {}

    def handler(self, event: str, text_field: str):
        def record(payload):
            text = payload.get(text_field, "") if isinstance(payload, dict) else ""
            if text.startswith("fanout "):
                self.at.setdefault((event, int(text.split()[1])), []).append(time.perf_counter())
        return record

    def count(self, event: str, round_no: int) -> int:
        return len(self.at.get((event, round_no), ()))

    def last(self, event: str, round_no: int) -> float:
        return max(self.at.get((event, round_no), [float("nan")]))


async def run_target(kind: str, url: str, people: list[dict], cid: str, rounds: int) -> dict:
    """Connect every member, then `rounds` times: one sends, wait until every other socket has it."""
    arrivals, events = Arrivals(), ["message"] + (["notification"] if kind == "guanxi" else [])
    gate = asyncio.Semaphore(50)

    async def connect(person):
        client = SioClient(url)
        client.on("message", arrivals.handler("message", "body"))
        client.on("notification", arrivals.handler("notification", "text"))
        async with gate:
            await client.connect({"token": person["token"]} if kind == "guanxi" else {"room": cid})
        return client

    clients = await asyncio.gather(*(connect(p) for p in people))
    sender, listeners = clients[0], len(clients) - 1
    latencies: dict[str, list[float]] = {e: [] for e in events}
    missing = 0
    try:
        for n in range(rounds):
            started = time.perf_counter()
            ack = await sender.call("send_message", {"conversation_id": cid, "body": f"fanout {n} DN100 lead times?",
                                                     "client_msg_id": uuid.uuid4().hex}, timeout=30)
            assert ack.get("ok"), ack
            deadline = started + 10
            while time.perf_counter() < deadline and any(arrivals.count(e, n) < listeners for e in events):
                await asyncio.sleep(0.002)
            for event in events:
                missing += listeners - arrivals.count(event, n)
                latencies[event].append((arrivals.last(event, n) - started) * 1000)
            await asyncio.sleep(0.1)
    finally:
        await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    return {f"{event}_last_ms": {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
                                 "max": max(values)} for event, values in latencies.items()} | {
        "listeners": listeners, "rounds": rounds, "missing_deliveries": missing}


def table(guanxi: dict, echo: dict) -> str:
    base = echo["message_last_ms"]
    rows = [("message to the last of 499 members, p50 (ms)", guanxi["message_last_ms"]["p50"], base["p50"], ""),
            ("message to the last of 499 members, p95 (ms)", guanxi["message_last_ms"]["p95"], base["p95"], ""),
            ("notification to the last member, p50 (ms)", guanxi["notification_last_ms"]["p50"], base["p50"], ""),
            ("notification to the last member, p95 (ms)", guanxi["notification_last_ms"]["p95"], base["p95"], "<= 500")]
    lines = [f"{'measure (500-member community)':<48} {'guanxi':>9} {'bare emit':>10} {'ratio':>7}  target", "-" * 86]
    for name, ours, theirs, target in rows:
        lines.append(f"{name:<48} {ours:>9.1f} {theirs:>10.1f} {ours / theirs if theirs else float('nan'):>6.2f}x  {target}")
    lines.append("-" * 86)
    lines.append(f"missing deliveries: guanxi {guanxi['missing_deliveries']}, bare emit {echo['missing_deliveries']}")
    return "\n".join(lines)


async def measure(people: list[dict], cid: str, rounds: int, ports: dict) -> dict:
    results = {}
    for kind, port in ports.items():  # Guanxi, then at once the bare emit, both processes up the whole time
        gc.disable()  # the generator's own collections would show up as delivery time (see chat_bench)
        try:
            results[kind] = await run_target(kind, f"http://127.0.0.1:{port}", people, cid, rounds)
        finally:
            gc.enable()
            gc.collect()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--port", type=int, default=5112)
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))
    people, cid, database = seed(ROOT / "instance" / "bench-community")
    pin(CLIENT_CPU)
    ports = {"guanxi": args.port, "echo": args.port + 1}
    processes = {kind: start(kind, port, database) for kind, port in ports.items()}
    try:
        report = asyncio.run(measure(people, cid, args.rounds, ports))
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=10)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print(table(report["guanxi"], report["echo"]))
    print(f"\nJSON: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
