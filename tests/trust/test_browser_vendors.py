"""Two people in a real browser on the real server: ask the network → a connection answers → the shortlist."""
import uuid
from datetime import date
from pathlib import Path

import pytest
import requests

from core.extensions import graph as graph_store
from network import service as network
from tests.browser import chromium
from tests.conftest import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "instance" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def register(base, name, **fields):
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@example.com"
    response = requests.post(base + "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name,
                                                               **fields}, timeout=10)
    assert response.status_code == 201, response.text
    token = requests.post(base + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    return {**response.json()["user"], "token": token}


def log_in(browser, base, person):
    page = browser.new_context().new_page()
    page.goto(base + "/login")
    page.fill("#email", person["email"])
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def test_ask_answer_then_shortlist(app, browser, live_server):
    buyer = register(live_server, "Zhou Yan", title="Procurement Manager")
    friend = register(live_server, "Wang Fang", industry="Industrial Equipment", company="Suzhou Precision")
    network.connect_pairs(graph_store, [{"a": buyer["id"], "b": friend["id"], "since": "2026-01-01T00:00:00+00:00"}])
    for name in ("Hangzhou Valve Works", "Ningbo Flow Control"):
        created = requests.post(live_server + "/api/companies", headers={"Authorization": f"Bearer {friend['token']}"},
                                json={"name": name, "industry": "Industrial Equipment", "categories": ["Industrial valves"]},
                                timeout=10)
        assert created.status_code == 201, created.text

    asker = log_in(browser, live_server, buyer)
    asker.click("#site-nav summary:has-text('Vendors')")  # the group's dropdown first
    asker.click("nav a[href='/vendors/ask']")
    asker.fill("#category", "industrial valves")
    asker.fill("#details", "DN50 stainless ball valves, 200 pcs, delivery to Ningbo")
    asker.click("main button[type=submit]")
    asker.wait_for_selector("text=Asked 1 person in your network about Industrial valves.")
    assert "No answers yet." in asker.locator("#answers").inner_text()

    answerer = log_in(browser, live_server, friend)
    answerer.click("#site-nav summary:has-text('Vendors')")
    answerer.click("nav a[href='/vendors/inbox']")  # "Inbox": requests from my network to answer
    request_card = answerer.locator("article.request", has_text="Zhou Yan")
    assert "DN50 stainless ball valves" in request_card.inner_text()
    request_card.locator("select[name=company_id]").select_option(label="Ningbo Flow Control")
    request_card.locator("textarea[name=comment]").fill("Delivered our DN50 order on time")
    request_card.locator("button[type=submit]").click()
    answerer.wait_for_selector("text=Thanks — your recommendation was sent.")

    asker.reload()
    answers = asker.locator("#answers").inner_text()
    assert "Wang Fang" in answers and "Ningbo Flow Control" in answers and "Delivered our DN50 order on time" in answers
    asker.click("text=See the shortlist")
    asker.wait_for_selector("#shortlist")
    first = asker.locator("#shortlist li.vendor").first
    assert "Ningbo Flow Control" in first.locator("h3").inner_text()
    assert f"Wang Fang (1st) recommended it ({date.today():%Y-%m})" in first.locator(".reasons").inner_text()
    assert asker.locator("#shortlist li.vendor").count() == 1  # nobody vouched for the other vendor
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    asker.screenshot(path=str(SCREENSHOTS / "vendors-shortlist.png"), full_page=True)
