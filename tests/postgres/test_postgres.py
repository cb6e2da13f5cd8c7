"""The migrations and the chat's send path on PostgreSQL (the suite's other tests run on SQLite)."""
import threading
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from accounts.cli import alembic_config
from core.db import Base, make_engine

LEAD = """INSERT INTO crm_leads (id, org_id, person_id, {kind} last_name, company, lead_source, status, known_by,
  contact_removed, version, created_at, updated_at)
VALUES (:id, 'org-1', 'person-1', {value} 'Wang', 'Sinopec', :source, 'New', '[]', false, 1, '2026-01-01',
  '2026-01-01')"""


def test_migrations_go_up_down_and_up_again_and_match_the_models(pg_url):
    config = alembic_config(pg_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = make_engine(pg_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_0004_keeps_existing_leads_and_finds_the_old_unique_key_on_postgres(pg_url):
    config, engine = alembic_config(pg_url), make_engine(pg_url)
    command.upgrade(config, "0003")
    with engine.begin() as db:
        db.execute(text("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'Valve Sales', '2026-01-01')"))
        db.execute(text(LEAD.format(kind="", value="")), {"id": "lead-1", "source": "Guanxi Network"})

    command.upgrade(config, "head")
    request_lead = text(LEAD.format(kind="kind, request_id,", value="'request', 'request-1',"))
    with engine.begin() as db:
        assert db.execute(text("SELECT id, kind FROM crm_leads")).all() == [("lead-1", "network")]
        db.execute(request_lead, {"id": "lead-2", "source": "Guanxi Request"})
    with pytest.raises(IntegrityError), engine.begin() as db:
        db.execute(request_lead, {"id": "lead-3", "source": "Guanxi Request"})  # one per (org, person, kind)

    command.downgrade(config, "0003")
    with engine.begin() as db:
        assert db.execute(text("SELECT id FROM crm_leads")).all() == [("lead-1",)]
    with pytest.raises(IntegrityError), engine.begin() as db:
        db.execute(text(LEAD.format(kind="", value="")), {"id": "lead-4", "source": "Guanxi Network"})
    engine.dispose()


def test_0008_reads_the_stored_crm_times_as_utc_whatever_the_server_time_zone(pg_url):
    config, engine = alembic_config(pg_url), make_engine(pg_url)
    command.upgrade(config, "0007")
    with engine.begin() as db:
        # A server whose sessions are not in UTC, the migration's own included.
        db.execute(text(f"ALTER DATABASE \"{db.scalar(text('SELECT current_database()'))}\" SET timezone TO 'Asia/Shanghai'"))
        db.execute(text("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'Valve Sales', now())"))
        db.execute(text(LEAD.format(kind="", value="")), {"id": "lead-1", "source": "Guanxi Network"})

    command.upgrade(config, "0008")
    with engine.begin() as db:
        created = db.execute(text("SELECT created_at FROM crm_leads")).scalar_one()
    assert created == datetime(2026, 1, 1, tzinfo=timezone.utc)  # the app wrote naive UTC: midnight UTC it stays

    command.downgrade(config, "0007")
    with engine.begin() as db:
        assert db.execute(text("SELECT created_at FROM crm_leads")).scalar_one() == datetime(2026, 1, 1)
    engine.dispose()


def test_concurrent_sends_get_gap_free_seqs_and_a_repeat_returns_the_first(app, chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    first = chat.send(li, cid, "hello", "same-id")
    assert first.status_code == 201
    statuses = []

    def talk(who, n):
        client = app.test_client()
        for i in range(n):
            response = client.post(f"/api/conversations/{cid}/messages", json={"body": f"{who.name} {i}",
                                   "client_msg_id": f"{who.id}-{i}"}, headers={"Authorization": f"Bearer {who.token}"})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=talk, args=(who, 15)) for who in (li, wang, li)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    repeat = chat.send(li, cid, "hello", "same-id")
    assert repeat.status_code == 200 and repeat.get_json()["seq"] == first.get_json()["seq"] == 1
    messages = chat.messages(li, cid, limit=100)
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))
    # li's two threads reuse client_msg_ids: each id is stored once, the repeat answered with the first
    assert sorted(statuses) == [200] * 15 + [201] * 30 and len(messages) == 1 + 30
