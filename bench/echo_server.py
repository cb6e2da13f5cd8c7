"""The baseline of bench/chat_bench.py: a bare python-socketio server on gevent, no auth, no persistence.
It answers the same events as Guanxi (send_message, sync, open, typing) with messages of the same shape."""
from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import uuid  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402
from geventwebsocket.handler import WebSocketHandler  # noqa: E402

server = socketio.Server(async_mode="gevent", cors_allowed_origins=None)
rooms: dict[str, str] = {}
counters: dict[str, itertools.count] = {}
history: dict[str, list] = {}


def message(room: str, body: str, client_msg_id: str, sender: str) -> dict:
    """A message shaped like Guanxi's, numbered in memory."""
    seq = next(counters.setdefault(room, itertools.count(1)))
    return {"id": str(uuid.uuid4()), "conversation_id": room, "seq": seq, "sender_id": sender, "body": body,
            "client_msg_id": client_msg_id, "created_at": datetime.now(timezone.utc).isoformat(), "edited_at": None,
            "deleted": False, "change_seq": 0}


@server.on("connect")
def connect(sid, _environ, auth=None):
    room = (auth or {}).get("room", "lobby")
    rooms[sid] = room
    server.enter_room(sid, room)


@server.on("disconnect")
def disconnect(sid, *_reason):
    rooms.pop(sid, None)


@server.on("send_message")
def send_message(sid, data):
    stored = message(data["conversation_id"], data["body"], data["client_msg_id"], sid)
    server.emit("message", stored, room=data["conversation_id"], skip_sid=sid)
    return {"ok": True, "message": stored, "duplicate": False}


@server.on("open")
def open_conversation(_sid, data):
    return {"ok": True, "conversation_id": data.get("conversation_id")}


@server.on("sync")
def sync(_sid, data):
    found, more = [], False
    for room, after in data["cursors"].items():
        items = [m for m in history.get(room, []) if m["seq"] > after]
        found += items[: data.get("limit", 500)]
        more = more or len(items) > data.get("limit", 500)
    return {"ok": True, "messages": found, "changes": [], "more": more, "conversations": [], "unknown": []}


def main() -> None:
    # The catch-up baseline: 1,000 messages held in memory.
    history["catchup"] = [message("catchup", f"missed {n}", f"c{n}", "seed") for n in range(1000)]
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "5199"))
    print(f"echo server on {port}", flush=True)
    pywsgi.WSGIServer(("127.0.0.1", port), socketio.WSGIApp(server), handler_class=WebSocketHandler, log=None).serve_forever()


if __name__ == "__main__":
    main()
