"""Industry communities: found by industry, joined and left at will, moderated, searchable (issue 16, part 5)."""
import uuid

import pytest

from tests.conftest import PASSWORD, csrf_from
from tests.messaging.conftest import Person


@pytest.fixture
def people(chat, api):
    """Three valve people (spelled differently) and one from pumps."""
    def person(name, industry):
        user, token = api.user_with_token(name, industry=industry)
        return Person(user["id"], name, user["email"], token)
    return {"li": person("Li Wei", "Industrial Valves"), "wang": person("Wang Fang", " industrial  valves "),
            "zhao": person("Zhao Lei", "Industrial Valves"), "pump": person("Chen Jie", "Pumps")}


def _list(chat, who, **query):
    response = chat.call("GET", "/api/communities", who, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _valves(chat, who) -> dict:
    return next(c for c in _list(chat, who, industry="valves")["items"] if c["industry"].lower() == "industrial valves")


def _join(chat, who, community_id, status=200):
    response = chat.call("POST", f"/api/communities/{community_id}/join", who)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_my_industry_first_one_channel_per_industry_whatever_the_spelling(chat, people):
    _list(chat, people["li"])
    mine = _list(chat, people["wang"])["items"]
    assert mine[0]["industry"] == "Industrial Valves" and mine[0]["mine"] is True
    assert set(mine[0]) >= {"id", "industry", "name", "members", "joined", "conversation_id"}
    assert mine[0]["members"] == 0 and mine[0]["joined"] is False
    _list(chat, people["pump"])
    both = _list(chat, people["li"])["items"]
    assert [c["industry"] for c in both] == ["Industrial Valves", "Pumps"]  # Li's own first, one valves channel
    assert [c["industry"] for c in _list(chat, people["pump"], industry="VALVE")["items"]] == ["Industrial Valves"]
    assert _list(chat, people["li"], industry="100%_")["items"] == []  # wildcards taken literally


def test_an_industry_someone_names_is_found_before_anyone_of_it_asked(chat, people, api):
    nobody, token = api.user_with_token("Sun Li")
    found = _list(chat, Person(nobody["id"], "Sun Li", nobody["email"], token), industry="pumps")["items"]
    assert [c["industry"] for c in found] == ["Pumps"]


def test_join_is_idempotent_and_opens_the_conversation(chat, people):
    community = _valves(chat, people["li"])
    first = _join(chat, people["li"], community["id"])
    assert first["joined"] is True and first["members"] == 1 and first["moderator"] is True  # the first member
    again = _join(chat, people["li"], community["id"])
    assert again["members"] == 1
    second = _join(chat, people["wang"], community["id"])
    assert second["members"] == 2 and second["moderator"] is False
    sent = chat.send(people["li"], community["conversation_id"], "Lead times on DN100 gate valves?")
    assert sent.status_code == 201
    assert [m["body"] for m in chat.messages(people["wang"], community["conversation_id"])] == [
        "Lead times on DN100 gate valves?"]
    listed = chat.call("GET", "/api/conversations", people["wang"]).get_json()["items"]
    assert any(c["id"] == community["conversation_id"] and c["kind"] == "community" for c in listed)


def test_outsiders_cannot_read_and_leaving_ends_reading(chat, people):
    community = _valves(chat, people["li"])
    _join(chat, people["li"], community["id"])
    chat.send(people["li"], community["conversation_id"], "hello valves")
    cid = community["conversation_id"]
    assert chat.call("GET", f"/api/conversations/{cid}/messages", people["zhao"]).status_code in (403, 404)
    assert chat.call("GET", f"/api/communities/{community['id']}/messages/search", people["zhao"],
                     query_string={"q": "hello"}).status_code == 403
    _join(chat, people["zhao"], community["id"])
    assert len(chat.messages(people["zhao"], cid)) == 1
    left = chat.call("POST", f"/api/communities/{community['id']}/leave", people["zhao"])
    assert left.status_code == 200 and left.get_json()["joined"] is False and left.get_json()["members"] == 1
    assert chat.call("GET", f"/api/conversations/{cid}/messages", people["zhao"]).status_code == 403
    assert chat.send(people["zhao"], cid, "still here?").status_code == 403


def test_other_industries_may_join_the_open_channel(chat, people):
    community = _valves(chat, people["pump"])
    assert _join(chat, people["pump"], community["id"])["joined"] is True


def test_moderator_removes_a_message_and_a_member_who_cannot_rejoin_until_let_back(chat, people):
    li, wang, zhao = people["li"], people["wang"], people["zhao"]
    community = _valves(chat, li)
    for who in (li, wang, zhao):
        _join(chat, who, community["id"])
    cid, base = community["conversation_id"], f"/api/communities/{community['id']}"
    spam = chat.send(wang, cid, "Cheap valves, DM me").get_json()
    assert chat.call("DELETE", f"{base}/messages/{spam['id']}", zhao).status_code == 403  # not a moderator
    removed = chat.call("DELETE", f"{base}/messages/{spam['id']}", li)
    assert removed.status_code == 200 and removed.get_json()["deleted"] is True
    assert chat.messages(zhao, cid)[0]["body"] == "" and chat.messages(zhao, cid)[0]["deleted"] is True
    assert chat.call("DELETE", f"{base}/members/{li.id}", zhao).status_code == 403
    assert chat.call("DELETE", f"{base}/members/{wang.id}", li).status_code == 200
    assert chat.call("GET", f"/api/conversations/{cid}/messages", wang).status_code == 403
    refused = chat.call("POST", f"{base}/join", wang)
    assert refused.status_code == 403 and "moderator" in refused.get_json()["message"]
    assert chat.call("DELETE", f"{base}/bans/{wang.id}", li).status_code == 200
    assert _join(chat, wang, community["id"])["joined"] is True


def test_a_moderator_names_another_who_can_then_moderate(chat, people):
    li, wang, zhao = people["li"], people["wang"], people["zhao"]
    community = _valves(chat, li)
    for who in (li, wang, zhao):
        _join(chat, who, community["id"])
    base = f"/api/communities/{community['id']}"
    assert chat.call("POST", f"{base}/moderators", wang, json={"user_id": zhao.id}).status_code == 403
    assert chat.call("POST", f"{base}/moderators", li, json={"user_id": wang.id}).status_code == 200
    assert chat.call("DELETE", f"{base}/members/{zhao.id}", wang).status_code == 200


def test_the_last_moderator_leaving_hands_it_to_the_eldest_member(chat, people):
    li, wang = people["li"], people["wang"]
    community = _valves(chat, li)
    _join(chat, li, community["id"])
    _join(chat, wang, community["id"])
    chat.call("POST", f"/api/communities/{community['id']}/leave", li)
    assert chat.call("GET", f"/api/communities/{community['id']}", wang).get_json()["moderator"] is True


def test_search_finds_chinese_and_literal_wildcards_for_members_only(chat, people):
    li = people["li"]
    community = _valves(chat, li)
    _join(chat, li, community["id"])
    for body in ("球阀 DN50 现货", "蝶阀门 报价", "100% tested", "1000 tested"):
        chat.send(li, community["conversation_id"], body)
    search = f"/api/communities/{community['id']}/messages/search"
    found = chat.call("GET", search, li, query_string={"q": "阀门"}).get_json()["items"]
    assert [m["body"] for m in found] == ["蝶阀门 报价"]
    assert [m["body"] for m in chat.call("GET", search, li, query_string={"q": "0%"}).get_json()["items"]] == ["100% tested"]


def test_bad_input_is_a_400_naming_the_field_and_unknown_ids_404(chat, people):
    li = people["li"]
    community = _valves(chat, li)
    _join(chat, li, community["id"])
    base = f"/api/communities/{community['id']}"
    cases = [("GET", f"{base}/messages/search", {"query_string": {"q": ""}}, "q"),
             ("GET", "/api/communities", {"query_string": {"limit": "0"}}, "limit"),
             ("GET", "/api/communities", {"query_string": {"cursor": "forged"}}, "cursor"),
             ("POST", f"{base}/moderators", {"json": {}}, "user_id"),
             ("POST", f"{base}/moderators", {"json": {"user_id": people["pump"].id}}, "user_id")]
    for method, path, kwargs, field in cases:
        response = chat.call(method, path, li, **kwargs)
        assert response.status_code == 400 and field in response.get_json()["fields"], (path, response.get_json())
    assert chat.call("POST", f"/api/communities/{uuid.uuid4()}/join", li).status_code == 404
    assert chat.call("DELETE", f"{base}/messages/{uuid.uuid4()}", li).status_code == 404


def test_the_page_lists_my_community_first_joins_and_opens_it_in_the_chat(client, api, people):
    li = people["li"]
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "email": li.email, "password": PASSWORD})
    page = client.get("/communities")
    assert page.status_code == 200 and "Industrial Valves" in page.text and "Join" in page.text
    community_id = page.text.split('data-id="')[1].split('"')[0]
    joined = client.post(f"/communities/{community_id}/join", data={"csrf_token": csrf_from(page.text)})
    assert joined.status_code == 302 and "/chat?c=" in joined.headers["Location"]
    assert client.get(joined.headers["Location"]).status_code == 200
    home = client.get("/api/home").get_json()
    assert {"key": "community", "done": True, "link": "/communities"} in home["checklist"]
