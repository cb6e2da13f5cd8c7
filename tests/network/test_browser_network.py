"""Two people in two browser contexts: one sends a connection request, the other accepts it."""
import uuid

import pytest
import requests

from tests.browser import chromium
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def _register(live_server, name):
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@example.com"
    response = requests.post(live_server + "/api/auth/register", timeout=10,
                             json={"email": email, "password": PASSWORD, "name": name, "company": "Ningbo Flow Control"})
    assert response.status_code == 201
    return response.json()["user"]


def _logged_in_page(browser, live_server, user):
    page = browser.new_context().new_page()
    page.goto(live_server + "/login")
    page.fill("#email", user["email"])
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server + "/home")
    return page


def test_request_in_one_browser_accept_in_another(browser, live_server):
    alice, bob = _register(live_server, "Alice Zhou"), _register(live_server, "Bob Chen")
    page_a = _logged_in_page(browser, live_server, alice)
    page_b = _logged_in_page(browser, live_server, bob)

    page_a.goto(f"{live_server}/people/{bob['id']}")
    page_a.fill("#note", "We met at the valve expo")
    page_a.click("#connect")
    assert "Connection request sent." in page_a.locator(".flash").inner_text()
    assert page_a.locator("#connection").get_attribute("data-status") == "request_sent"

    page_b.click("#site-nav summary:has-text('Network')")  # the group's dropdown first
    page_b.click("nav a[href='/network']")
    incoming = page_b.locator("#incoming")
    assert "Alice Zhou" in incoming.inner_text() and "We met at the valve expo" in incoming.inner_text()
    incoming.locator("button[value=accept]").click()
    assert "you are now connected" in page_b.locator(".flash").inner_text()
    assert "Alice Zhou" in page_b.locator("#connections").inner_text()

    page_a.reload()
    assert page_a.locator("#connection").get_attribute("data-status") == "connected"
    assert page_a.locator("#degree").inner_text() == "1st"
