""""Message" buttons beside people the viewer may message: connections on /network, 1st-degree answerers on a
request page; each a CSRF form that opens the direct conversation."""
import uuid

import pytest

from tests.trust.conftest import World
from tests.trust.test_pages import log_in


@pytest.fixture
def world(api):
    return World(api)


def _button(person):
    return f'action="/chat/with/{person["id"]}"'


def test_each_connection_on_my_network_has_a_message_button_that_opens_our_chat(world, api, app):
    li, wang, stranger = world.person("Li Na"), world.person("Wang <i>Wei</i>", email=f"wang.{uuid.uuid4().hex[:8]}@example.com"), world.person("Stranger Shi")
    world.connect((li, wang))
    browser, token = log_in(app, li)
    page = browser.get("/network").get_data(as_text=True)
    assert _button(wang) in page and 'aria-label="Message Wang &lt;i&gt;Wei&lt;/i&gt;"' in page
    assert _button(stranger) not in page
    assert browser.post(f"/chat/with/{wang['id']}").status_code == 400  # no CSRF token
    opened = browser.post(f"/chat/with/{wang['id']}", data={"csrf_token": token})
    assert opened.status_code == 302 and "/chat?c=" in opened.headers["Location"]
    [conversation] = api.call("GET", "/api/conversations", token=li["token"]).get_json()["items"]
    assert conversation["kind"] == "direct" and {p["id"] for p in conversation["participants"]} == {li["id"], wang["id"]}


def test_only_first_degree_answerers_get_a_message_button_on_my_request(world, app):
    asker = world.person("Asker Li")
    friend = world.person("Friend Wang", industry="Industrial Equipment")
    further = world.person("Further Zhao", industry="Industrial Equipment")
    seller = world.person("Seller Sun")
    world.connect((asker, friend), (friend, further))
    vendor = world.company(seller, "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")
    request_id = world.ask(asker, "Industrial valves").get_json()["id"]
    for answerer in (friend, further):
        assert world.answer(answerer, request_id, vendor, "Reliable").status_code == 201
    browser, _ = log_in(app, asker)
    for path in (f"/vendors/requests/{request_id}", "/vendors/requests"):
        page = browser.get(path).get_data(as_text=True)
        assert "Further Zhao" in page and _button(friend) in page and 'aria-label="Message Friend Wang"' in page
        assert _button(further) not in page  # 2nd degree: not someone Li may message
    answerer_view, _ = log_in(app, friend)
    assert _button(friend) not in answerer_view.get(f"/vendors/requests/{request_id}").get_data(as_text=True)
