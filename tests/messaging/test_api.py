"""The chat's JSON API (API.md: Messaging): conversations, idempotent gap-free messages, read markers, rules."""
import threading

from accounts.models import Membership, Organization
from core.db import get_session
from tests.conftest import DOWN_NEO4J_URI, make_app


def test_direct_conversation_needs_a_connection_and_is_created_once(chat):
    li, wang, zhao = chat.person("Li Wei"), chat.person("Wang Fang"), chat.person("Zhao Lei")
    chat.connect(li, wang)
    created = chat.call("POST", "/api/conversations", li, json={"participant_ids": [wang.id]})
    assert created.status_code == 201
    body = created.get_json()
    assert body["kind"] == "direct" and {p["id"] for p in body["participants"]} == {li.id, wang.id}
    again = chat.call("POST", "/api/conversations", wang, json={"participant_ids": [li.id]})
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    stranger = chat.call("POST", "/api/conversations", li, json={"participant_ids": [zhao.id]})
    assert stranger.status_code == 403


def test_colleagues_in_one_organization_may_talk_without_a_connection(chat, app):
    li, zhao = chat.person("Li Wei"), chat.person("Zhao Lei")
    with app.app_context():
        session = get_session()
        org = Organization(name="Valve Sales")
        session.add(org)
        session.flush()
        session.add_all([Membership(org_id=org.id, user_id=li.id, role="admin"),
                         Membership(org_id=org.id, user_id=zhao.id, role="member")])
        session.commit()
    assert chat.call("POST", "/api/conversations", li, json={"participant_ids": [zhao.id]}).status_code == 201


def test_neo4j_down_is_a_503_when_the_connection_must_be_checked(chat, db_url):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    down = make_app(db_url, DOWN_NEO4J_URI).test_client()
    response = down.post("/api/conversations", json={"participant_ids": [wang.id]},
                         headers={"Authorization": f"Bearer {li.token}"})
    assert response.status_code == 503
    assert response.get_json()["error"] == "graph_unavailable"


def test_bad_conversation_requests_name_the_field(chat):
    li = chat.person("Li Wei")
    for body, field in (({}, "participant_ids"), ({"participant_ids": []}, "participant_ids"),
                        ({"participant_ids": [li.id]}, "participant_ids"),
                        ({"participant_ids": ["nobody"]}, "participant_ids"),
                        ({"participant_ids": "x"}, "participant_ids")):
        response = chat.call("POST", "/api/conversations", li, json=body)
        assert response.status_code == 400, body
        assert field in response.get_json()["fields"]


def test_messages_get_gap_free_seqs_and_a_repeated_client_id_returns_the_first(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    first = chat.send(li, cid, "Do you still stock DN50 gate valves?", "m-1")
    assert first.status_code == 201
    message = first.get_json()
    assert message["seq"] == 1 and message["sender_id"] == li.id and message["client_msg_id"] == "m-1"
    repeat = chat.send(li, cid, "Do you still stock DN50 gate valves?", "m-1")
    assert repeat.status_code == 200 and repeat.get_json()["id"] == message["id"]
    assert chat.send(wang, cid, "Yes, 40 in the warehouse.", "m-1").get_json()["seq"] == 2  # another sender's id space
    assert chat.send(li, cid, "Great").get_json()["seq"] == 3
    assert [m["seq"] for m in chat.messages(wang, cid)] == [1, 2, 3]
    assert [m["seq"] for m in chat.messages(wang, cid, after_seq=1)] == [2, 3]


def test_paging_after_and_before(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    for n in range(7):
        chat.send(li, cid, f"message {n + 1}")
    page = chat.call("GET", f"/api/conversations/{cid}/messages", wang, query_string={"limit": 3}).get_json()
    assert [m["seq"] for m in page["items"]] == [1, 2, 3] and page["next_cursor"] == "3"
    rest = chat.messages(wang, cid, after_seq=page["next_cursor"], limit=10)
    assert [m["seq"] for m in rest] == [4, 5, 6, 7]
    latest = chat.call("GET", f"/api/conversations/{cid}/messages", wang, query_string={"before_seq": 8, "limit": 3})
    assert [m["seq"] for m in latest.get_json()["items"]] == [5, 6, 7] and latest.get_json()["next_cursor"] == "5"
    bad = chat.call("GET", f"/api/conversations/{cid}/messages", wang, query_string={"after_seq": "x", "limit": 0})
    assert bad.status_code == 400 and {"after_seq", "limit"} <= set(bad.get_json()["fields"])


def test_concurrent_senders_never_leave_a_gap_or_a_twin(chat, app):
    people = [chat.person(f"Sender {n}") for n in range(4)]
    chat.connect(*people)
    cid = chat.conversation(people[0], *people[1:], title="Plant 3 retrofit")
    errors = []

    def talk(person):
        client = app.test_client()
        for n in range(15):
            msg_id = f"{person.id}-{n}"
            for _ in range(2):  # every send is retried once, as a flaky network would
                response = client.post(f"/api/conversations/{cid}/messages", json={"body": f"#{n}", "client_msg_id": msg_id},
                                       headers={"Authorization": f"Bearer {person.token}"})
                if response.status_code not in (200, 201):
                    errors.append(response.get_json())

    threads = [threading.Thread(target=talk, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = chat.messages(people[0], cid, limit=500)
    assert [m["seq"] for m in stored] == list(range(1, 61))
    assert len({(m["sender_id"], m["client_msg_id"]) for m in stored}) == 60


def test_only_participants_read_or_post(chat):
    li, wang, zhao = chat.person("Li Wei"), chat.person("Wang Fang"), chat.person("Zhao Lei")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    chat.send(li, cid, "private")
    assert chat.call("GET", f"/api/conversations/{cid}/messages", zhao).status_code == 403
    assert chat.send(zhao, cid, "let me in").status_code == 403
    assert chat.call("GET", f"/api/conversations/{cid}", zhao).status_code == 403
    assert chat.call("POST", f"/api/conversations/{cid}/read", zhao, json={"seq": 1}).status_code == 403
    assert chat.call("GET", "/api/conversations/no-such-id/messages", li).status_code == 404
    assert chat.send(li, "no-such-id", "hello").status_code == 404
    assert chat.api.call("GET", f"/api/conversations/{cid}/messages").status_code == 401


def test_bodies_must_be_present_and_at_most_10000_characters(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    for body in ("", "   \n", "x" * 10_001, 42, None):
        response = chat.send(li, cid, body)
        assert response.status_code == 400, body
        assert "body" in response.get_json()["fields"]
    assert chat.send(li, cid, "x" * 10_000).status_code == 201
    script = chat.send(li, cid, "<script>alert(1)</script>").get_json()
    assert script["body"] == "<script>alert(1)</script>"  # stored as typed; pages escape it


def test_read_markers_only_move_forward_and_unread_counts(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    for n in range(5):
        chat.send(li, cid, f"update {n}")
    mine = chat.call("GET", "/api/conversations", wang).get_json()["items"]
    assert mine[0]["id"] == cid and mine[0]["unread"] == 5 and mine[0]["last_seq"] == 5
    assert chat.call("GET", "/api/conversations", li).get_json()["items"][0]["unread"] == 0  # own messages are read
    read = chat.call("POST", f"/api/conversations/{cid}/read", wang, json={"seq": 3})
    assert read.status_code == 200 and read.get_json()["last_read_seq"] == 3
    back = chat.call("POST", f"/api/conversations/{cid}/read", wang, json={"seq": 1}).get_json()
    assert back["last_read_seq"] == 3 and back["moved"] is False
    beyond = chat.call("POST", f"/api/conversations/{cid}/read", wang, json={"seq": 99}).get_json()
    assert beyond["last_read_seq"] == 5
    assert chat.call("GET", "/api/conversations", wang).get_json()["items"][0]["unread"] == 0
    assert chat.call("POST", f"/api/conversations/{cid}/read", wang, json={"seq": "3"}).status_code == 400


def test_edit_and_delete_only_ones_own_message_and_changes_are_fetchable(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    message = chat.send(li, cid, "Delivery on Mondy").get_json()
    path = f"/api/conversations/{cid}/messages/{message['id']}"
    assert chat.call("PATCH", path, wang, json={"body": "hijack"}).status_code == 403
    edited = chat.call("PATCH", path, li, json={"body": "Delivery on Monday"}).get_json()
    assert edited["body"] == "Delivery on Monday" and edited["edited_at"] and edited["change_seq"] == 1
    assert chat.call("PATCH", path, li, json={"body": ""}).status_code == 400
    assert chat.call("DELETE", path, wang).status_code == 403
    deleted = chat.call("DELETE", path, li).get_json()
    assert deleted["deleted"] is True and deleted["body"] == "" and deleted["change_seq"] == 2
    assert chat.call("PATCH", path, li, json={"body": "again"}).status_code == 409
    changes = chat.call("GET", f"/api/conversations/{cid}/changes", wang, query_string={"after": 0}).get_json()
    assert [(m["id"], m["change_seq"]) for m in changes["items"]] == [(message["id"], 2)]
    assert chat.messages(wang, cid)[0]["seq"] == 1  # the seq stays: no gap


def test_search_finds_only_messages_in_ones_own_conversations(chat):
    li, wang, zhao = chat.person("Li Wei"), chat.person("Wang Fang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    ours, theirs = chat.conversation(li, wang), chat.conversation(wang, zhao)
    chat.send(li, ours, "Quote for 100% stainless ball valves")
    chat.send(wang, theirs, "Stainless ball valves for Zhao only")
    found = chat.call("GET", "/api/messages/search", li, query_string={"q": "BALL VALVES"}).get_json()["items"]
    assert [m["conversation_id"] for m in found] == [ours]
    assert len(chat.call("GET", "/api/messages/search", wang, query_string={"q": "ball"}).get_json()["items"]) == 2
    percent = chat.call("GET", "/api/messages/search", li, query_string={"q": "100%"}).get_json()["items"]
    assert len(percent) == 1
    assert chat.call("GET", "/api/messages/search", li).status_code == 400


def test_group_conversation_needs_every_member_reachable(chat):
    li, wang, zhao, sun = (chat.person(n) for n in ("Li Wei", "Wang Fang", "Zhao Lei", "Sun Yu"))
    chat.connect(li, wang, zhao)
    group = chat.call("POST", "/api/conversations", li, json={"participant_ids": [wang.id, zhao.id], "title": "Sourcing"})
    assert group.status_code == 201 and group.get_json()["kind"] == "group" and group.get_json()["title"] == "Sourcing"
    assert chat.call("POST", "/api/conversations", li,
                     json={"participant_ids": [wang.id, sun.id]}).status_code == 403
    assert chat.send(zhao, group.get_json()["id"], "hello all").status_code == 201


def test_a_client_id_reused_for_another_conversation_is_a_conflict(chat):
    li, wang, zhao = chat.person("Li Wei"), chat.person("Wang Fang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    one, two = chat.conversation(li, wang), chat.conversation(li, zhao)
    assert chat.send(li, one, "hi", "same-id").status_code == 201
    conflict = chat.send(li, two, "hi", "same-id")
    assert conflict.status_code == 409 and "client_msg_id" in conflict.get_json()["fields"]
    assert chat.messages(li, two) == []


def test_sql_down_is_a_503_and_nothing_is_stored(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    healthy = app.extensions["sql_sessions"]
    from sqlalchemy.orm import sessionmaker
    from core.db import make_engine

    app.extensions["sql_sessions"] = sessionmaker(make_engine("sqlite:////nonexistent-dir/x.db"), expire_on_commit=False)
    try:
        response = chat.send(li, cid, "lost?", "while-down")
    finally:
        app.extensions["sql_sessions"] = healthy
    assert response.status_code == 503
    assert chat.messages(li, cid) == []
    assert chat.send(li, cid, "lost?", "while-down").status_code == 201
