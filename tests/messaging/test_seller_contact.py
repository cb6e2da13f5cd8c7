"""API.md: a seller may start a conversation with the asker of an open request that lets vendors contact them;
after the request closes, or without that opt-in, 403."""
import pytest

from tests.trust.conftest import World
from tests.trust.test_pages import log_in


@pytest.fixture
def scene(api):
    world = World(api)
    asker, seller, stranger = world.person("Asker Li"), world.person("Seller Sun"), world.person("Stranger Wu")
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"])
    world.seller(seller, vendor)
    opted = world.ask(asker, "Industrial valves", vendors_may_contact=True).get_json()["id"]
    return {"world": world, "api": api, "asker": asker, "seller": seller, "stranger": stranger, "opted": opted}


def _contact(api, who, asker, request_id):
    return api.call("POST", "/api/conversations", token=who["token"],
                    json={"participant_ids": [asker["id"]], "request_id": request_id})


def test_a_seller_contacts_an_opted_in_asker_while_the_request_is_open(scene):
    api, asker, seller = scene["api"], scene["asker"], scene["seller"]
    assert api.call("POST", "/api/conversations", token=seller["token"],
                    json={"participant_ids": [asker["id"]]}).status_code == 403  # strangers otherwise
    opened = _contact(api, seller, asker, scene["opted"])
    assert opened.status_code == 201, opened.get_json()
    again = _contact(api, seller, asker, scene["opted"])
    assert again.status_code == 200 and again.get_json()["id"] == opened.get_json()["id"]
    assert [c["id"] for c in api.call("GET", "/api/conversations", token=asker["token"]).get_json()["items"]] == [
        opened.get_json()["id"]]


def test_no_contact_without_the_opt_in_after_closing_or_for_non_sellers(scene):
    api, world, asker, seller, stranger = scene["api"], scene["world"], scene["asker"], scene["seller"], scene["stranger"]
    private = world.ask(asker, "Industrial valves", vendors_may_contact=False).get_json()["id"]
    assert _contact(api, seller, asker, private).status_code == 403
    assert _contact(api, stranger, asker, scene["opted"]).status_code == 403
    assert _contact(api, seller, stranger, scene["opted"]).status_code == 400  # only the asker
    assert api.call("POST", f"/api/recommendation-requests/{scene['opted']}/close", token=asker["token"]).status_code in (200, 204)
    assert _contact(api, seller, asker, scene["opted"]).status_code == 403
    assert _contact(api, seller, asker, "no-such-request").status_code == 404


def test_the_sellers_box_has_a_message_button(scene, app):
    browser, token = log_in(app, scene["seller"])
    page = browser.get("/vendors/sellers").get_data(as_text=True)
    assert "Message Asker Li about this request" in page
    opened = browser.post(f"/chat/with/{scene['asker']['id']}", data={"csrf_token": token, "request_id": scene["opted"]})
    assert opened.status_code == 302 and "/chat?c=" in opened.headers["Location"]
