"""GET /api/home and the home page: what waits for a person, and a newcomer's first steps."""
import pytest

from core.extensions import graph as graph_store
from tests.conftest import PASSWORD, csrf_from
from tests.trust.conftest import World


@pytest.fixture
def world(api):
    return World(api)


def _home(api, person):
    response = api.call("GET", "/api/home", token=person["token"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_home_gathers_requests_invitations_questions_answers_and_chats(world, api):
    me, friend, admin = world.person("Li Na", industry="Industrial Equipment"), \
        world.person("Wang Wei", industry="Industrial Equipment"), world.person("Zhang Admin")
    world.connect((me, friend))
    stranger = world.person("Sun Yu")
    api.call("POST", "/api/connections/requests", token=stranger["token"], json={"to_user_id": me["id"], "note": "Canton Fair"})
    org = api.call("POST", "/api/orgs", token=admin["token"], json={"name": "Valve Buyers"}).get_json()
    api.call("POST", f"/api/orgs/{org['id']}/members", token=admin["token"], json={"user_id": me["id"], "role": "member"})
    seller = world.person("Seller Zhou")
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")
    theirs = world.ask(friend, "Industrial valves").get_json()["id"]
    mine = world.ask(me, "Industrial valves").get_json()["id"]
    assert world.answer(friend, mine, vendor, "Good seals").status_code == 201
    chat = api.call("POST", "/api/conversations", token=friend["token"], json={"participant_ids": [me["id"]]}).get_json()
    api.call("POST", f"/api/conversations/{chat['id']}/messages", token=friend["token"], json={"body": "Hi!", "client_msg_id": "m1"})

    home = _home(api, me)
    assert [r["from"]["id"] for r in home["connection_requests"]] == [stranger["id"]]
    assert [(i["org_name"], i["invited_by"]["name"]) for i in home["invitations"]] == [("Valve Buyers", "Zhang Admin")]
    assert [q["id"] for q in home["requests_to_answer"]] == [theirs]
    assert [q["id"] for q in home["answers_to_my_requests"]] == [mine]
    assert [c["id"] for c in home["unread_conversations"]] == [chat["id"]]
    assert home["unavailable"] == []
    assert _home(api, friend)["requests_to_answer"] == []  # Wang answered Li's question: it waits for him no more


def test_a_newcomer_gets_first_steps_and_lands_on_home_after_login(world, api, app):
    newcomer = world.person("He Jing")
    steps = {s["key"]: s["done"] for s in _home(api, newcomer)["checklist"]}
    assert steps == {"verify_email": False, "work_email": False, "connect": False, "team": False, "community": False}
    browser = app.test_client()
    token = csrf_from(browser.get("/login").get_data(as_text=True))
    logged_in = browser.post("/login", data={"csrf_token": token, "email": newcomer["email"], "password": PASSWORD})
    assert logged_in.status_code == 302 and logged_in.headers["Location"].endswith("/home")
    page = browser.get("/home").get_data(as_text=True)
    assert "Get started" in page and "Prove your employer with a work email" in page
    assert browser.get("/").headers["Location"].endswith("/home")
    assert app.test_client().get("/").status_code == 200  # visitors still see the product page


def test_accepting_a_request_from_home_comes_back_home(world, api, app):
    me, other = world.person("Li Na"), world.person("Wang Wei")
    api.call("POST", "/api/connections/requests", token=other["token"], json={"to_user_id": me["id"]})
    browser = app.test_client()
    token = csrf_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"csrf_token": token, "email": me["email"], "password": PASSWORD})
    page = browser.get("/home").get_data(as_text=True)
    assert "Accept Wang Wei's request" in page
    [request] = _home(api, me)["connection_requests"]
    answered = browser.post(f"/network/requests/{request['id']}", data={
        "csrf_token": csrf_from(page), "decision": "accept", "next": "/home"})
    assert answered.status_code == 302 and answered.headers["Location"].endswith("/home")
    assert _home(api, me)["connection_requests"] == []


def test_home_names_what_it_cannot_show_while_neo4j_is_down(db_url):
    from tests.conftest import DOWN_NEO4J_URI, Api, make_app

    client = make_app(db_url, DOWN_NEO4J_URI).test_client()
    api = Api(client)
    _, token = api.user_with_token("Xu Jun")
    home = api.call("GET", "/api/home", token=token)
    assert home.status_code == 200
    assert set(home.get_json()["unavailable"]) == {"connection_requests", "requests_to_answer", "answers_to_my_requests", "rfqs"}
    graph_store.close()

