"""The notification channel: stored per user, pushed to `user:<id>`, fed by network's recommendation requests."""
from core import uow
from core.db import get_session
from messaging import notifications
from trust import signals as trust_signals


def test_a_recommendation_request_notifies_each_recipient_live_and_stored(chat, app):
    asker, one, two, bystander = (chat.person(n) for n in ("Li Wei", "Wang Fang", "Zhao Lei", "Sun Yu"))
    one_socket, bystander_socket = chat.socket(one), chat.socket(bystander)
    one_socket.get_received()
    bystander_socket.get_received()
    with app.test_request_context():
        trust_signals.recommendation_requested.send(
            None, request_id="req-1", asker_id=asker.id, category="industrial valves",
            recipient_ids=[one.id, two.id, asker.id], vendors_may_contact=False)
        uow.commit(get_session())  # the sender's boundary commits; the push follows the commit
    pushed = [e for e in one_socket.get_received() if e["name"] == "notification"]
    assert len(pushed) == 1
    payload = pushed[0]["args"][0] if isinstance(pushed[0]["args"], list) else pushed[0]["args"]
    assert payload["text"] == "Li Wei asked your network for a recommendation in industrial valves"
    assert payload["kind"] == "recommendation_request" and payload["data"]["request_id"] == "req-1"
    assert [e for e in bystander_socket.get_received() if e["name"] == "notification"] == []
    listed = chat.call("GET", "/api/notifications", two).get_json()
    assert listed["unread"] == 1 and [n["text"] for n in listed["items"]] == [payload["text"]]
    assert chat.call("GET", "/api/notifications", asker).get_json()["items"] == []  # not to the asker


def test_notifications_list_pages_and_mark_read(chat, app):
    person = chat.person("Wang Fang")
    with app.app_context():
        for n in range(5):
            notifications.notify(get_session(), person.id, "test", f"notice {n}", link="/chat")
        uow.commit(get_session())
    first = chat.call("GET", "/api/notifications", person, query_string={"limit": 3}).get_json()
    assert len(first["items"]) == 3 and first["next_cursor"] and first["unread"] == 5
    rest = chat.call("GET", "/api/notifications", person, query_string={"cursor": first["next_cursor"]}).get_json()
    assert len(rest["items"]) == 2
    one_id = first["items"][0]["id"]
    assert chat.call("POST", "/api/notifications/read", person, json={"ids": [one_id]}).get_json() == {"unread": 4}
    assert chat.call("POST", "/api/notifications/read", person, json={}).status_code == 400
    assert chat.call("POST", "/api/notifications/read", person, json={"all": True}).get_json() == {"unread": 0}
    unread = chat.call("GET", "/api/notifications", person, query_string={"unread": "true"}).get_json()
    assert unread["items"] == []


def test_the_notifications_page_escapes_text(chat, app):
    person = chat.person("Wang Fang")
    with app.app_context():
        notifications.notify(get_session(), person.id, "test", "<script>alert(1)</script> asked")
        uow.commit(get_session())
    browser = app.test_client()
    from tests.conftest import PASSWORD, csrf_from

    form = browser.get("/login").get_data(as_text=True)
    browser.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_from(form)})
    html = browser.get("/notifications").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; asked" in html and "<script>alert(1)" not in html
    assert 'id="nav-notification-count"' in html  # the header's unread count, on every page
    browser.post("/api/notifications/read", json={"all": True}, headers={"X-CSRFToken": csrf_from(html)})
    assert 'id="nav-notification-count"' not in browser.get("/chat").get_data(as_text=True)
