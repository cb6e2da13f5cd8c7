"""The sync status shows a team its own backlog and short, human errors: never another team's events, and
never an exception's text (SQL, parameters)."""
import pytest
from sqlalchemy.exc import IntegrityError

from tests.crm.test_pages import login

LEAKED = "vip.buyer@rival.example"


def sql_error(*_args, **_kwargs):
    raise IntegrityError("INSERT INTO crm_leads (email) VALUES (?)", (LEAKED,), Exception("UNIQUE constraint failed"))


@pytest.fixture
def two_teams(crm):
    li, li_token = crm.person("Li Wei")
    wang, wang_token = crm.person("Wang Fang")
    team_a, team_b = crm.team(li_token, name="Team A"), crm.team(wang_token, name="Team B")
    crm.enable(li_token, team_a)
    crm.enable(wang_token, team_b)
    crm.drain()
    return (li, li_token, team_a), (wang, wang_token, team_b)


def test_a_member_of_another_org_sees_neither_its_backlog_nor_its_errors(crm, client, two_teams, monkeypatch):
    (li, li_token, team_a), (wang, wang_token, team_b) = two_teams
    buyer, _ = crm.person("Zhang Min")
    crm.connect(li, buyer)  # an event about team A only
    monkeypatch.setattr("crm_sync.leads.refresh_leads", sql_error)
    crm.drain()

    theirs = crm.api.call("GET", f"/api/orgs/{team_b}/crm/status", token=wang_token)
    assert theirs.status_code == 200
    assert theirs.get_json()["outbox"]["pending"] == 0 and theirs.get_json()["outbox"]["last_error"] is None
    ours = crm.api.call("GET", f"/api/orgs/{team_a}/crm/status", token=li_token).get_json()["outbox"]
    assert ours["pending"] >= 1 and "retried automatically" in ours["last_error"]
    assert LEAKED not in ours["last_error"] and "INSERT" not in ours["last_error"]

    login(client, wang["email"])
    page = client.get(f"/orgs/{team_b}/crm/status").get_data(as_text=True)
    for text in (theirs.get_data(as_text=True), page):
        assert LEAKED not in text and "INSERT" not in text and "IntegrityError" not in text
    assert '<span id="outbox-pending">0</span>' in page


def test_an_unexpected_failure_while_sending_is_reported_without_its_exception_text(crm, two_teams, monkeypatch):
    from tests.crm.fake_crms import FakeWebhook

    (li, li_token, team_a), _ = two_teams
    with FakeWebhook() as hook:
        crm.enable(li_token, team_a, [{"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret}])
        monkeypatch.setattr("crm_sync.push.build_connector", sql_error)
        crm.connect_many(li, crm.people(1))
        crm.drain()
    run = crm.status(li_token, team_a, "webhook")["last_run"]
    assert run["status"] == "failed" and "server log" in run["message"]
    assert LEAKED not in run["message"] and "INSERT" not in run["message"]


def test_an_error_stored_before_messages_were_made_for_people_is_not_shown(crm, app, two_teams):
    from core.db import get_session
    from crm_sync.models import OutboxEvent

    (li, li_token, team_a), _ = two_teams
    with app.app_context():
        session = get_session()
        session.add(OutboxEvent(kind="reconcile", payload={"org_id": team_a}, attempts=1,
                                last_error=f"IntegrityError: [SQL: INSERT INTO crm_leads] [parameters: ('{LEAKED}',)]"))
        session.commit()
    shown = crm.api.call("GET", f"/api/orgs/{team_a}/crm/status", token=li_token).get_json()["outbox"]
    assert shown["pending"] == 1 and "retried automatically" in shown["last_error"]
    assert LEAKED not in shown["last_error"] and "SQL" not in shown["last_error"]
