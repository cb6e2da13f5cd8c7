"""The outbox keeps every event while the graph is down and delivers it once it is back."""
from sqlalchemy import select

from core.db import get_session
from core.extensions import graph as graph_store
from crm_sync.models import OutboxEvent
from crm_sync.worker import drain
from tests.conftest import DOWN_NEO4J_URI, make_app


def test_events_wait_with_backoff_while_neo4j_is_down_and_go_through_later(crm, db_url, app):
    li, li_token = crm.person("Li Wei")
    org_id = crm.team(li_token)
    crm.enable(li_token, org_id)
    crm.drain()
    buyer, _ = crm.person("Wang Fang")
    crm.connect(li, buyer)

    down = make_app(db_url, DOWN_NEO4J_URI)
    with down.app_context():
        drain(get_session(), graph_store)
        waiting = get_session().scalars(select(OutboxEvent).where(OutboxEvent.done.is_(False))).all()
        assert waiting and all(e.attempts == 1 and e.last_error for e in waiting)
        assert all(e.next_attempt_at > e.created_at for e in waiting)
    status = crm.api.call("GET", f"/api/orgs/{org_id}/crm/status", token=li_token).get_json()
    assert status["outbox"]["pending"] >= 1 and "unavailable" in status["outbox"]["last_error"].lower()

    app.extensions["graph"].init_app(app)  # Neo4j is back (the down app replaced the shared driver)
    assert crm.leads(li_token, org_id) == []
    crm.drain(later=5)
    assert [lead["LastName"] for lead in crm.leads(li_token, org_id)] == ["Wang"]
    with app.app_context():
        assert get_session().scalar(select(OutboxEvent).where(OutboxEvent.done.is_(False))) is None


def test_a_member_renamed_changes_the_warm_path_of_their_leads(crm, api):
    li, li_token = crm.person("Li Wei")
    org_id = crm.team(li_token)
    crm.enable(li_token, org_id)
    buyer, _ = crm.person("Wang Fang")
    crm.connect(li, buyer)
    crm.drain()
    api.call("PATCH", "/api/me", token=li_token, json={"name": "Li Weiwei"})
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    assert "Li Weiwei (lead owner)" in lead["Description"]


def test_a_worker_whose_lease_ran_out_never_settles_the_events_another_worker_claimed(crm, app):
    from datetime import timedelta

    from core.db import utcnow
    from crm_sync import outbox

    li, li_token = crm.person("Li Wei")
    crm.enable(li_token, crm.team(li_token))
    with app.app_context():
        session = get_session()
        slow = outbox.claim(session, "slow-worker", 100)
        assert slow
        later = utcnow() + outbox.LEASE + timedelta(seconds=1)  # the slow worker's lease has run out
        taken = outbox.claim(session, "next-worker", 100, at=later)
        assert {e.id for e in taken} == {e.id for e in slow}
        outbox.settle(session, slow, None, owner="slow-worker")  # late: must change nothing
        session.expire_all()
        rows = session.scalars(select(OutboxEvent).where(OutboxEvent.id.in_([e.id for e in slow]))).all()
        assert all(not e.done and e.lease_owner == "next-worker" for e in rows)
        outbox.settle(session, taken, "boom", owner="slow-worker")
        session.expire_all()
        assert all(e.attempts == 0 for e in session.scalars(select(OutboxEvent).where(
            OutboxEvent.id.in_([e.id for e in slow]))))
