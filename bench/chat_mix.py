"""What bench-chat adds to its load: a share of messages that reply and mention (as people write), and the
attachment upload throughput beside its baseline (the same bytes written straight to the same disk), same run."""
import os
import random
import shutil
import time
import uuid
from pathlib import Path

import requests

REPLY_SHARE, MENTION_SHARE = float(os.environ.get("BENCH_REPLY_SHARE", 0.2)), float(os.environ.get("BENCH_MENTION_SHARE", 0.1))  # of the messages sent in every phase, on both servers
UPLOAD_MB, UPLOADS = 8, 12  # 96 MB in files of 8 MB (a drawing, a quote with scans); a few seconds at the target
CHUNK = 1024 * 1024
# (server port, conversation id) -> the newest seq that server acked, what a reply there may point at
_last_seq: dict[tuple, int] = {}
_rng = random.Random(16)


def payload(server: int, person: dict, tag) -> dict:
    """A send: plain, or replying to the conversation's newest acked message, or mentioning the other person."""
    cid = person["conversation_id"]
    key = (server, cid)
    body = {"conversation_id": cid, "body": f"bench {tag}", "client_msg_id": uuid.uuid4().hex}
    draw = _rng.random()
    if draw < REPLY_SHARE and key in _last_seq:
        body["reply_to_seq"] = _last_seq[key]
    elif draw < REPLY_SHARE + MENTION_SHARE and person.get("partner_id"):
        body["mentions"] = [person["partner_id"]]
        body["body"] = f"@bench {tag}"
    return body


def acked(server: int, ack: dict) -> None:
    """Remember the acked message's seq for later replies to the same server."""
    message = ack.get("message") or {}
    if message.get("seq"):
        key = (server, message["conversation_id"])
        _last_seq[key] = max(_last_seq.get(key, 0), message["seq"])


def pair_up(people: list[dict]) -> None:
    """Each person of a direct conversation learns the other's id (whom their mentions name)."""
    by_conversation: dict[str, list[dict]] = {}
    for person in people:
        by_conversation.setdefault(person["conversation_id"], []).append(person)
    for pair in by_conversation.values():
        if len(pair) == 2:
            pair[0]["partner_id"], pair[1]["partner_id"] = pair[1]["id"], pair[0]["id"]


def uploads(url: str, person: dict, folder: Path, files: int = UPLOADS) -> dict:
    """Attachment uploads (multipart POST, bearer token, one after another) against writing the same bytes to
    a file on the same disk, the way local storage does (chunks to a .part file, then a rename); MB/s each."""
    data = os.urandom(UPLOAD_MB * CHUNK)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {person['token']}"
    target = f"{url}/api/conversations/{person['conversation_id']}/attachments"
    started, failures = time.perf_counter(), 0
    for n in range(files):
        response = session.post(target, files={"file": (f"drawing-{n}.bin", data, "application/octet-stream")}, timeout=60)
        failures += response.status_code != 201
    upload_s = time.perf_counter() - started
    direct = folder / "direct-writes"
    direct.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for n in range(files):
        partial = direct / f"{n}.part"
        with partial.open("wb") as out:
            for offset in range(0, len(data), CHUNK):
                out.write(data[offset:offset + CHUNK])
        partial.replace(direct / str(n))
    direct_s = time.perf_counter() - started
    shutil.rmtree(direct, ignore_errors=True)
    megabytes = files * UPLOAD_MB
    return {"upload_mb_per_s": megabytes / upload_s, "direct_write_mb_per_s": megabytes / direct_s,
            "megabytes": megabytes, "failures": failures}


def rows(report: dict) -> list[tuple]:
    """The table's rows for uploads: (measure, guanxi, baseline, target, higher is better)."""
    found = report.get("uploads")
    if not found:
        return []
    return [("attachment upload to local disk (MB/s)", found["upload_mb_per_s"], found["direct_write_mb_per_s"],
             ">= 50 (base: direct write)", True)]
