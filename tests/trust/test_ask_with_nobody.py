"""Asking with nobody to ask: a newcomer whose network reaches no one is told so, not congratulated, and shown how
to grow the network; the API still answers recipients: 0."""
import pytest

from tests.trust.conftest import World
from tests.trust.test_pages import log_in


@pytest.fixture
def world(api):
    return World(api)


@pytest.fixture
def valves(world):
    seller = world.person("Seller Sun")
    return world.company(seller, "Hangzhou Valve Works", ["Industrial valves"], industry="Industrial Equipment")


def test_a_newcomer_asking_nobody_is_told_so_and_shown_how_to_grow(world, app, valves):
    newcomer = world.person("New Nie")
    browser, token = log_in(app, newcomer)
    asked = browser.post("/vendors/ask", data={"csrf_token": token, "category": "industrial valves"},
                         follow_redirects=True)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Asked 0 people" not in page and "flash-success" not in page
    assert 'class="flash flash-warning"' in page and "Nobody in your network could be asked about Industrial valves" in page
    assert 'id="grow-network"' in page
    for link in ('href="/network/suggestions"', 'href="/search"', 'href="/orgs"'):
        assert link in page


def test_the_api_still_says_recipients_0(world, api, valves):
    newcomer = world.person("New Nie")
    response = world.ask(newcomer, "Industrial valves")
    assert response.status_code == 201 and response.get_json()["recipients"] == 0


def test_someone_asked_is_still_a_success_without_the_growth_hints(world, app, valves):
    asker, friend = world.person("Asker Li"), world.person("Friend Wang", industry="Industrial Equipment")
    world.connect((asker, friend))
    browser, token = log_in(app, asker)
    page = browser.post("/vendors/ask", data={"csrf_token": token, "category": "industrial valves"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Asked 1 person in your network about Industrial valves." in page and "flash-success" in page
    assert 'id="grow-network"' not in page and "flash-warning" not in page
