"""A person in a real browser: register, log out, log in, edit the profile, create an org."""
import uuid

import pytest

from tests.browser import chromium, log_out
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_register_login_and_edit_profile(browser, live_server):
    email = f"browser.{uuid.uuid4().hex[:8]}@example.com"
    page = browser.new_context().new_page()
    page.goto(live_server + "/register")
    page.fill("#name", "Zhou Yan")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#company", "Ningbo Flow Control")
    page.click("main button[type=submit]")
    page.wait_for_url("**/profile")
    assert page.locator("h1").inner_text() == "Zhou Yan"

    log_out(page)
    page.goto(live_server + "/login")
    page.fill("#email", email)
    page.fill("#password", "wrong password!")
    page.click("main button[type=submit]")
    assert "Invalid email or password." in page.content()
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(live_server + "/profile/edit")
    page.fill("#title", "Sourcing Manager")
    page.check("#crm_consent")
    page.click("main button[type=submit]")
    page.wait_for_url("**/profile")
    assert "Sourcing Manager" in page.content()
    assert page.locator("#crm-consent").inner_text() == "yes"

    page.goto(live_server + "/orgs")
    page.fill("#name", "Flow Control Sales")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Flow Control Sales"
    assert "Zhou Yan" in page.locator("#members").inner_text()
    page.screenshot(path=str(live_server_screenshot()))


def live_server_screenshot():
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "instance" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "org.png"
