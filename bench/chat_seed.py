"""Seed the chat benchmark's SQL file: 1,000 people with API tokens in 500 direct conversations, and one
conversation holding 1,000 messages for the catch-up phase. Written straight to SQL (no password hashing)."""
import hashlib
import secrets
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, insert

from accounts.cli import alembic_config
from accounts.models import ApiToken, User
from messaging.models import Conversation, Message, Participant

PEOPLE = 1000


def seed(folder: Path) -> tuple[list[dict], dict, str, Path]:
    """A fresh database; returns (people with token and conversation_id, the catch-up reader, its conversation, path)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = folder / "guanxi.db"
    url = f"sqlite:///{database}"
    command.upgrade(alembic_config(url), "head")
    now = datetime.now(timezone.utc)
    people = [{"id": str(uuid.uuid4()), "token": secrets.token_urlsafe(24)} for _ in range(PEOPLE + 2)]
    users = [{"id": p["id"], "email": f"bench{n}@example.com", "password_hash": "!", "name": f"Bench {n}",
              "headline": "", "company": "", "title": "", "industry": "", "location": "", "crm_consent": False,
              "suggestible": True, "company_id": None, "graph_pending": False, "created_at": now}
             for n, p in enumerate(people)]
    tokens = [{"id": str(uuid.uuid4()), "user_id": p["id"], "token_hash": hashlib.sha256(p["token"].encode()).hexdigest(),
               "label": "bench", "created_at": now, "last_used_at": now, "revoked_at": None} for p in people]
    conversations, participants = [], []
    for a, b in zip(people[0::2], people[1::2]):
        cid = str(uuid.uuid4())
        a["conversation_id"] = b["conversation_id"] = cid
        conversations.append({"id": cid, "kind": "direct", "title": "", "direct_key": ":".join(sorted((a["id"], b["id"]))),
                              "last_seq": 0, "change_seq": 0, "created_by": a["id"], "created_at": now,
                              "last_message_at": None})
        participants += [{"conversation_id": cid, "user_id": x["id"], "role": "member", "last_read_seq": 0,
                          "joined_at": now} for x in (a, b)]
    writer, reader = people[-2], people[-1]
    catchup_id = reader["conversation_id"]
    conversations[-1]["last_seq"] = 1000
    messages = [{"id": str(uuid.uuid4()), "conversation_id": catchup_id, "seq": n, "sender_id": writer["id"],
                 "client_msg_id": f"seed-{n}", "body": f"While you were away, update {n}: lead times, prices, specs.",
                 "created_at": now, "edited_at": None, "deleted": False, "change_seq": 0} for n in range(1, 1001)]
    engine = create_engine(url)
    with engine.begin() as connection:
        for table, rows in ((User, users), (ApiToken, tokens), (Conversation, conversations),
                            (Participant, participants), (Message, messages)):
            connection.execute(insert(table), rows)
    engine.dispose()
    return people[:PEOPLE], reader, catchup_id, database
