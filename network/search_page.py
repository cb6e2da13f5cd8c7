"""The /search page's three tabs: people (the graph), companies (trust's vendors) and my own messages (chat)."""
from marshmallow import Schema, fields, validate

from core.db import get_session
from core.extensions import graph
from network import discovery

TABS = ("people", "companies", "messages")
LIMIT = 20


class SearchPageQuery(Schema):
    """What the search form sends; the tab defaults to people."""

    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    tab = fields.String(load_default="people", validate=validate.OneOf(TABS))


def results(me: str, tab: str, text: str) -> list[dict]:
    """The hits of one tab for me: search hits, companies, or messages from conversations I am in."""
    if tab == "companies":
        from trust import service as vendors  # at call time: trust and accounts import network as they load

        return vendors.find_companies(graph, q=text)[:LIMIT]
    if tab == "messages":
        return my_messages(me, text)
    return discovery.search_people(graph, me, text, 0, LIMIT)


def my_messages(me: str, text: str) -> list[dict]:
    """Messages containing text in my own conversations (messaging's search), each with its sender's name."""
    from accounts.people import public_profiles
    from messaging import catchup

    session = get_session()
    found, _after = catchup.search(session, me, text, None, LIMIT, 0)
    senders = public_profiles(session, {m["sender_id"] for m in found if m["sender_id"]})
    return [{**m, "sender_name": senders[m["sender_id"]].name if m["sender_id"] in senders else ""} for m in found]
