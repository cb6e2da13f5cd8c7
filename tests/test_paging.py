"""One way to page: cursors are signed per kind of list, so only a cursor this API handed out is taken back."""
import base64

import pytest

from core import paging, uow
from core.db import get_session
from core.errors import ValidationError
from messaging import notifications


def test_a_cursor_gives_back_the_position_it_was_made_from(app):
    with app.test_request_context():
        cursor = paging.cursor_for("k", [42, "2026-11-30T10:00:00Z"])
        assert paging.position_of("k", cursor, (int, str)) == [42, "2026-11-30T10:00:00Z"]
        assert paging.cursor_for("k", None) is None and paging.position_of("k", None, (int,)) is None


@pytest.mark.parametrize("forge", [
    lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # an edited signature
    lambda c: base64.urlsafe_b64encode(b"[99]").decode().rstrip("=") + c[c.index("."):],  # an edited position
    lambda c: "x" * 600,  # longer than any cursor made here
    lambda _c: base64.urlsafe_b64encode(b"o:3").decode(),  # the old unsigned scheme
])
def test_an_edited_or_invented_cursor_is_a_400_naming_cursor(app, forge):
    with app.test_request_context():
        cursor = paging.cursor_for("k", [3])
        with pytest.raises(ValidationError) as refused:
            paging.position_of("k", forge(cursor), (int,))
        assert list(refused.value.fields) == ["cursor"]


def test_a_cursor_of_another_list_or_shape_is_refused(app):
    with app.test_request_context():
        for kind, shape in (("other", (int,)), ("k", (str,)), ("k", (int, int))):
            with pytest.raises(ValidationError):
                paging.position_of(kind, paging.cursor_for("k", [3]), shape)
        with pytest.raises(ValidationError):  # true is no number of items
            paging.position_of("k", paging.cursor_for("k", [True]), (int,))


def test_notifications_page_through_and_refuse_a_search_cursor(app, api):
    person, token = api.user_with_token("Wang Fang")
    with app.app_context():
        for n in range(5):
            notifications.notify(get_session(), person["id"], "test", f"notice {n}", link="/chat")
        uow.commit(get_session())
    first = api.call("GET", "/api/notifications", token=token, query_string={"limit": 2}).get_json()
    second = api.call("GET", "/api/notifications", token=token,
                      query_string={"limit": 2, "cursor": first["next_cursor"]}).get_json()
    third = api.call("GET", "/api/notifications", token=token,
                     query_string={"limit": 2, "cursor": second["next_cursor"]}).get_json()
    seen = [n["text"] for n in first["items"] + second["items"] + third["items"]]
    assert sorted(seen) == [f"notice {n}" for n in range(5)] and third["next_cursor"] is None

    borrowed = api.call("GET", "/api/messages/search", token=token, query_string={"q": "x", "cursor": first["next_cursor"]})
    assert borrowed.status_code == 400 and list(borrowed.get_json()["fields"]) == ["cursor"]
    invented = api.call("GET", "/api/notifications", token=token, query_string={"cursor": "2"})
    assert invented.status_code == 400 and list(invented.get_json()["fields"]) == ["cursor"]
