"""`flask crm reconcile --org` repairs drift: missed events, removed connections, half-done writes."""
from sqlalchemy import delete

from core.db import get_session
from crm_sync.models import Lead


def test_reconcile_repairs_missed_events_and_lost_rows(crm, app, graph_db):
    li, token = crm.person("Li Wei")
    org_id = crm.team(token)
    crm.enable(token, org_id)
    kept, gone, missed = crm.people(3)
    crm.connect_many(li, [kept, gone])
    crm.drain()
    # Drift: a connection written without its event, one removed without its event, one lead row lost.
    graph_db.execute_query("MATCH (a:Person {id: $a}), (b:Person {id: $b}) MERGE (a)-[:CONNECTED_TO {since: datetime()}]-(b)",
                           a=li["id"], b=missed["id"])
    graph_db.execute_query("MATCH (:Person {id: $a})-[r:CONNECTED_TO]-(:Person {id: $b}) DELETE r", a=li["id"], b=gone["id"])
    with app.app_context():
        get_session().execute(delete(Lead).where(Lead.person_id == kept["id"]))
        get_session().commit()

    result = app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", org_id])
    assert result.exit_code == 0, result.output
    assert "2 leads created" in result.output
    leads = {lead["Guanxi_Person_Id__c"]: lead for lead in crm.leads(token, org_id)}
    assert set(leads) == {kept["id"], gone["id"], missed["id"]}
    assert leads[gone["id"]]["Guanxi_Contact_Removed__c"] and leads[gone["id"]]["Email"] is None
    assert leads[missed["id"]]["Email"] == missed["email"]
    again = app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", org_id])
    assert "0 leads created, 0 updated" in again.output  # idempotent


def test_reconcile_refuses_an_org_without_crm_sync(crm, app):
    _, token = crm.person("Li Wei")
    org_id = crm.team(token)
    result = app.test_cli_runner().invoke(args=["crm", "reconcile", "--org", org_id])
    assert result.exit_code != 0 and "not turned on" in result.output
