"""Replies, mentions and reactions (API.md "Work chat, grown up")."""
import uuid

import pytest


@pytest.fixture
def group(chat):
    li, wang, zhao, outsider = (chat.person(n) for n in ("Li Na", "Wang Wei", "Zhao Min", "Sun Yu"))
    chat.connect(li, wang, zhao)
    return li, wang, zhao, outsider, chat.conversation(li, wang, zhao, title="Valves")


def send(chat, who, cid, body="hello", **extra):
    return chat.call("POST", f"/api/conversations/{cid}/messages", who,
                     json={"body": body, "client_msg_id": uuid.uuid4().hex, **extra})


def notices(chat, who, kind):
    items = chat.call("GET", "/api/notifications", who).get_json()["items"]
    return [n for n in items if n["kind"] == kind]


def test_a_reply_names_an_existing_seq_of_the_conversation(chat, group):
    li, wang, _, _, cid = group
    first = send(chat, li, cid, "first").get_json()
    reply = send(chat, wang, cid, "answer", reply_to_seq=first["seq"])
    assert reply.status_code == 201 and reply.get_json()["reply_to_seq"] == first["seq"]
    assert chat.messages(li, cid)[-1]["reply_to_seq"] == first["seq"]
    for bad in (99, 0, "x"):
        refused = send(chat, wang, cid, reply_to_seq=bad)
        assert refused.status_code == 400 and "reply_to_seq" in refused.get_json()["fields"]
    other = chat.conversation(li, wang)
    assert send(chat, li, other, reply_to_seq=first["seq"] + 5).status_code == 400


def test_a_mention_notifies_only_the_mentioned_participant(chat, group):
    li, wang, zhao, outsider, cid = group
    sent = send(chat, li, cid, "@Wang Wei please check", mentions=[wang.id, li.id])
    assert sent.status_code == 201 and sent.get_json()["mentions"] == [wang.id, li.id]
    [notice] = notices(chat, wang, "mention")
    assert notice["actor"]["id"] == li.id and notice["subject"] == {"type": "conversation", "id": cid}
    assert notice["link"] == f"/chat?c={cid}"
    assert notices(chat, zhao, "mention") == [] and notices(chat, li, "mention") == []
    refused = send(chat, li, cid, mentions=[outsider.id])
    assert refused.status_code == 400 and "mentions" in refused.get_json()["fields"]
    assert notices(chat, outsider, "mention") == []


def test_reactions_toggle_for_participants_only(chat, group):
    li, wang, _, outsider, cid = group
    message = send(chat, li, cid).get_json()
    url = f"/api/messages/{message['id']}/reactions"
    added = chat.call("POST", url, wang, json={"emoji": "👍"})
    assert added.status_code == 200 and added.get_json() == {"message_id": message["id"], "reactions": {"👍": [wang.id]}}
    chat.call("POST", url, li, json={"emoji": "👍"})
    assert chat.messages(li, cid)[-1]["reactions"] == {"👍": [wang.id, li.id]}
    removed = chat.call("POST", url, wang, json={"emoji": "👍"})
    assert removed.get_json()["reactions"] == {"👍": [li.id]}
    assert chat.call("POST", url, outsider, json={"emoji": "👍"}).status_code == 404
    for bad in ("", "x" * 17, "a\x00"):
        assert chat.call("POST", url, li, json={"emoji": bad}).status_code == 400


def test_a_reaction_reaches_the_room(chat, group):
    li, wang, _, _, cid = group
    message = send(chat, li, cid).get_json()
    client = chat.socket(li)
    client.get_received()
    chat.call("POST", f"/api/messages/{message['id']}/reactions", wang, json={"emoji": "🎉"})
    events = [e for e in client.get_received() if e["name"] == "reaction"]
    assert events and events[0]["args"][0]["reactions"] == {"🎉": [wang.id]}
    client.disconnect()
