"""A sales admin in a real browser against the real server: turn sync on, work the leads board."""
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.browser import chromium
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def _account(url, name, consent):
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@example.com"
    user = requests.post(url + "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name,
                                                           "company": "Sinopec Procurement"}, timeout=10).json()["user"]
    token = requests.post(url + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    requests.patch(url + "/api/me", json={"crm_consent": consent}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return user, token


def _board_rows(page, url, org_id, tries=40):
    """Reload the board until the worker has put leads on it (the real server drains in the background)."""
    for _ in range(tries):
        page.goto(f"{url}/orgs/{org_id}/crm/leads")
        if page.locator("#leads tbody tr").count():
            return page.locator("#leads tbody tr")
        time.sleep(0.25)
    raise AssertionError("no lead reached the board")


def test_admin_turns_sync_on_and_works_the_leads_board(browser, live_server, neo4j_driver):
    url = live_server
    li, li_token = _account(url, "Li Wei", consent=False)
    zhang, zhang_token = _account(url, "Zhang Min", consent=False)
    buyer, _ = _account(url, "Wang Fang", consent=True)
    shy, _ = _account(url, "Chen Lei", consent=False)
    auth = {"Authorization": f"Bearer {li_token}"}
    org_id = requests.post(url + "/api/orgs", json={"name": "Valve Sales"}, headers=auth, timeout=10).json()["id"]
    requests.post(f"{url}/api/orgs/{org_id}/members", json={"user_id": zhang["id"]}, headers=auth, timeout=10)
    requests.post(f"{url}/api/orgs/{org_id}/membership/accept", headers={"Authorization": f"Bearer {zhang_token}"},
                  timeout=10)
    rows = [{"a": li["id"], "b": buyer["id"], "since": "2026-01-01T00:00:00Z"},
            {"a": zhang["id"], "b": buyer["id"], "since": "2026-02-01T00:00:00Z"},
            {"a": li["id"], "b": shy["id"], "since": "2026-01-01T00:00:00Z"}]
    neo4j_driver.execute_query("UNWIND $rows AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b}) "
                               "MERGE (a)-[r:CONNECTED_TO]-(b) SET r.since = datetime(row.since)", rows=rows)

    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(url + "/login")
    page.fill("#email", li["email"])
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{url}/orgs/{org_id}/crm/settings")
    page.check("#enable-form input[name=enabled]")
    page.click("#enable-form button[type=submit]")
    page.wait_for_selector("text=CRM settings saved.")

    rows = _board_rows(page, url, org_id)
    assert rows.count() == 1
    row = rows.first
    assert "Wang, Fang" in row.locator(".lead-name").inner_text()
    assert row.locator(".warm-path").inner_text() == "connected to Li Wei (you) and Zhang Min (your team)"
    assert "Chen" not in page.locator("#leads").inner_text()

    row.locator("select[name=Status]").select_option("Working")
    row.locator("form:has(select[name=Status]) button[type=submit]").click()  # the row also has Convert
    page.wait_for_selector("text=is now Working")
    page.select_option("#status", "Working")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**status=Working**")
    assert page.locator("#leads tbody tr").count() == 1
    page.select_option("#status", "Converted")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**status=Converted**")
    assert page.locator("#no-leads").is_visible()

    page.goto(f"{url}/orgs/{org_id}/crm/leads?q=sinopec")
    with page.expect_download() as download:
        page.click("#export-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Id,FirstName,LastName,Company") and "Wang" in text and ",Working," in text
    folder = Path(__file__).resolve().parents[2] / "instance" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{url}/orgs/{org_id}/crm/leads")
    page.screenshot(path=str(folder / "crm-board.png"), full_page=True)
