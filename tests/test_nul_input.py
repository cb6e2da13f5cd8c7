"""A NUL character (which PostgreSQL cannot store in text) is a 400 naming the field, on every channel; nothing
is stored."""
import importlib

import marshmallow
import pytest
from sqlalchemy import select

from accounts.models import ApiToken, User
from core.db import get_session
from core.extensions import graph as graph_store, socketio
from core.schemas import Schema
from tests.conftest import PASSWORD, ROOT, csrf_from
from tests.messaging.conftest import Person, connect_people


def refused(response, *fields):
    """The response is the API's validation error naming exactly these fields."""
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "validation" and set(body["fields"]) == set(fields), body
    return body


def test_registering_with_a_nul_stores_no_account(api, app):
    email = "nul.register@example.com"
    refused(api.call("POST", "/api/auth/register", json={
        "email": email, "password": PASSWORD, "name": "Li\x00Wei", "headline": "Buyer\x00"}), "name", "headline")
    with app.app_context():
        assert get_session().scalar(select(User).where(User.email == email)) is None


def test_a_profile_update_with_a_nul_changes_nothing(api):
    _user, token = api.user_with_token("Li Wei", headline="Valve buyer")
    refused(api.call("PATCH", "/api/me", token=token, json={"headline": "Pump\x00buyer", "company": "Acme"}),
            "headline")
    me = api.call("GET", "/api/me", token=token).get_json()
    assert (me["headline"], me["company"]) == ("Valve buyer", "")


@pytest.fixture
def talk(api):
    """Two connected people and their conversation: (sender's token, conversation id, recipient)."""
    people = [Person(user["id"], user["name"], user["email"], token)
              for user, token in (api.user_with_token("Li Wei"), api.user_with_token("Wang Fang"))]
    connect_people(graph_store, people)
    created = api.call("POST", "/api/conversations", token=people[0].token,
                       json={"participant_ids": [people[1].id]})
    assert created.status_code == 201, created.get_json()
    return people[0].token, created.get_json()["id"], people[1]


def stored_messages(api, token, cid):
    response = api.call("GET", f"/api/conversations/{cid}/messages", token=token)
    assert response.status_code == 200
    return response.get_json()["items"]


def test_a_chat_message_with_a_nul_is_refused_over_rest(api, talk):
    token, cid, _ = talk
    refused(api.call("POST", f"/api/conversations/{cid}/messages", token=token,
                     json={"body": "see you at 10\x00", "client_msg_id": "c-1"}), "body")
    refused(api.call("POST", f"/api/conversations/{cid}/messages", token=token,
                     json={"body": "see you at 10", "client_msg_id": "c\x002"}), "client_msg_id")
    assert stored_messages(api, token, cid) == []


def test_a_chat_message_with_a_nul_is_refused_over_the_socket(app, api, talk):
    token, cid, _ = talk
    socket = socketio.test_client(app, auth={"token": token})
    ack = socket.emit("send_message", {"conversation_id": cid, "body": "see you\x00", "client_msg_id": "s-1"},
                      callback=True)
    assert ack["ok"] is False and ack["error"] == "validation" and set(ack["fields"]) == {"body"}
    ack = socket.emit("sync", {"cursors": {cid: 0, "x\x00": 0}, "changes": {}}, callback=True)
    assert ack["ok"] is False and set(ack["fields"]) == {"cursors"}  # a bad key names the object holding it
    socket.disconnect()
    assert stored_messages(api, token, cid) == []


def test_every_offending_field_is_named_by_its_dotted_path(api, talk):
    token, _, wang = talk
    refused(api.call("POST", "/api/conversations", token=token,
                     json={"participant_ids": [wang.id, "u\x00"], "title": "Plant\x00visit"}),
            "participant_ids.1", "title")


def test_a_vendor_request_with_a_nul_is_not_sent(api):
    _user, token = api.user_with_token("Ma Lin")
    vendor = api.call("POST", "/api/companies", token=token, json={"name": "Hangzhou Valve Works",
                                                                   "categories": ["Industrial valves"]})
    assert vendor.status_code == 201, vendor.get_json()
    ask = {"category": "Industrial valves", "details": "DN50\x00 gate valves"}
    refused(api.call("POST", "/api/recommendation-requests", token=token, json=ask), "details")
    sent = api.call("POST", "/api/recommendation-requests", token=token, json={**ask, "details": "DN50 gate valves"})
    assert sent.status_code == 201, sent.get_json()  # the same request without the NUL is a good one
    mine = api.call("GET", "/api/recommendation-requests", token=token, query_string={"box": "mine"}).get_json()
    assert [r["details"] for r in mine["items"]] == ["DN50 gate valves"]


def test_a_crm_target_with_a_nul_is_not_configured(api):
    _user, token = api.user_with_token("Zhao Min")
    org_id = api.call("POST", "/api/orgs", token=token, json={"name": "Valve Sales"}).get_json()["id"]
    target = {"kind": "webhook", "name": "Ours", "url": "https://example.com/hook\x00", "secret": "s" * 20}
    refused(api.call("PUT", f"/api/orgs/{org_id}/crm", token=token, json={"enabled": True, "targets": [target]}),
            "targets.0.url")
    shown = api.call("GET", f"/api/orgs/{org_id}/crm", token=token).get_json()
    assert shown["enabled"] is False and [t for t in shown["targets"] if t["kind"] == "webhook"] == []


def test_a_form_post_that_no_schema_reads_is_refused_too(client, app):
    csrf = csrf_from(client.get("/register").get_data(as_text=True))
    client.post("/register", data={"csrf_token": csrf, "name": "Li Wei", "email": "nul.form@example.com",
                                   "password": PASSWORD})
    response = client.post("/profile/tokens", data={"csrf_token": csrf, "label": "CI\x00"})
    assert response.status_code == 400 and "label" in response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        user = session.scalar(select(User).where(User.email == "nul.form@example.com"))
        assert session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []


def test_query_strings_and_path_parts_are_refused_too(api, talk):
    token, cid, _ = talk
    refused(api.call("GET", "/api/people", token=token, query_string={"q": "Wang\x00"}), "q")
    refused(api.call("GET", f"/api/conversations/{cid}%00/messages", token=token), "conversation_id")


def test_every_schema_of_the_project_refuses_nul():
    modules = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts) for path in ROOT.glob("**/schemas.py")
                     if not {".venv", "node_modules", "tests"} & set(path.relative_to(ROOT).parts))
    assert "crm_sync.schemas" in modules and "trust.schemas" in modules
    for name in modules:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, marshmallow.Schema):
                assert issubclass(value, Schema), f"{name}.{value.__name__} does not derive from core.schemas.Schema"
