"""Migration 0004 on a database with leads: they stay network leads, and a person can then have both kinds."""
import sqlite3

import pytest
from alembic import command

from accounts.cli import alembic_config

INSERT = """INSERT INTO crm_leads (id, org_id, person_id, {kind} last_name, company, lead_source, status, known_by,
  contact_removed, version, created_at, updated_at)
VALUES (?, 'org-1', 'person-1', {value} 'Wang', 'Sinopec', ?, 'New', '[]', 0, 1, '2026-01-01', '2026-01-01')"""


def test_0004_keeps_existing_leads_as_network_leads_and_downgrades_cleanly(tmp_path):
    path = tmp_path / "old.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0003")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'Valve Sales', '2026-01-01')")
        db.execute(INSERT.format(kind="", value=""), ("lead-1", "Guanxi Network"))

    command.upgrade(config, "head")
    request_lead = INSERT.format(kind="kind, request_id,", value="'request', 'request-1',")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id, kind FROM crm_leads").fetchall() == [("lead-1", "network")]
        db.execute(request_lead, ("lead-2", "Guanxi Request"))
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(request_lead, ("lead-3", "Guanxi Request"))  # still one lead per (org, person, kind)

    command.downgrade(config, "0003")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id FROM crm_leads").fetchall() == [("lead-1",)]
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(INSERT.format(kind="", value=""), ("lead-4", "Guanxi Network"))
