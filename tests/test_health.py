"""Health and faults: a store that is down is named, and accounts keep working without Neo4j."""
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.service import repair_pending_people
from tests.conftest import Api, PASSWORD, make_app


def test_healthz_ok_when_both_stores_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "sql": "ok", "graph": "ok"}


def test_healthz_names_the_graph_when_neo4j_is_down(db_url):
    from tests.conftest import DOWN_NEO4J_URI

    response = make_app(db_url, DOWN_NEO4J_URI).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "sql": "ok", "graph": "unavailable"}


def test_healthz_names_sql_when_the_database_is_unreachable(tmp_path, graph_db):
    response = make_app(f"sqlite:///{tmp_path}/missing-dir/x.db").test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["sql"] == "unavailable" and response.get_json()["graph"] == "ok"


def test_accounts_work_without_neo4j_and_the_graph_is_repaired_later(db_url, graph_db):
    from tests.conftest import DOWN_NEO4J_URI

    down = Api(make_app(db_url, DOWN_NEO4J_URI).test_client())
    user = down.register("Huang Na")
    token = down.token(user["email"])
    assert down.call("PATCH", "/api/me", token=token, json={"headline": "Buyer"}).status_code == 200
    # The employer lives in the graph: with Neo4j down that change is refused, not half-made.
    refused = down.call("PATCH", "/api/me", token=token, json={"company_id": "c1"})
    assert refused.status_code == 503 and refused.get_json()["error"] == "graph_unavailable"

    with Session(create_engine(db_url)) as session:
        assert session.scalar(select(User.graph_pending).where(User.id == user["id"])) is True
    up = make_app(db_url)
    with up.app_context():
        from core.db import get_session
        from core.extensions import graph

        assert repair_pending_people(get_session(), graph) == 1
    records, _, _ = graph_db.execute_query("MATCH (p:Person {id: $id}) RETURN p.headline AS h", id=user["id"])
    assert records[0]["h"] == "Buyer"


def test_pages_say_clearly_when_neo4j_is_down(db_url):
    from tests.conftest import DOWN_NEO4J_URI, csrf_from

    client = make_app(db_url, DOWN_NEO4J_URI).test_client()
    Api(client).register("Xu Jun", email="xu.jun@example.com")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": "xu.jun@example.com", "password": PASSWORD, "csrf_token": token})
    page = client.get("/profile")
    assert page.status_code == 200 and "Xu Jun" in page.get_data(as_text=True)


def test_the_test_server_is_neo4j_5_26(neo4j_driver):
    records, _, _ = neo4j_driver.execute_query("CALL dbms.components() YIELD name, versions RETURN name, versions")
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["versions"][0].startswith("5.26")
