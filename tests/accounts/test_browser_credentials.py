"""A person in a real browser: verify the email from the mailed link, reset a forgotten password, change it."""
import shutil
import uuid
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, log_out
from tests.conftest import PASSWORD, free_port, serve_for_tests
from tests.mail_server import SmtpSink, link_in, wait_for

NEW_PASSWORD = "a much better passphrase"


@pytest.fixture(scope="module")
def site(tmp_path_factory, neo4j_driver, migrated_db):
    """The real server, mailing to an SMTP server on 127.0.0.1; yields (base URL, the SMTP server)."""
    sink = SmtpSink(free_port()).start()
    folder = tmp_path_factory.mktemp("browser-mail")
    shutil.copy(migrated_db, folder / "guanxi.db")
    try:
        for url in serve_for_tests(folder, f"sqlite:///{folder / 'guanxi.db'}", {"MAIL_URL": sink.url}):
            yield url, sink
    finally:
        sink.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def opened(base: str, link: str) -> str:
    """A mailed link, on the test server (mails point at PUBLIC_URL)."""
    parts = urlsplit(link)
    return f"{base}{parts.path}?{parts.query}"


def test_verify_forget_reset_and_change_in_a_browser(browser, site):
    base, smtp = site
    email = f"browser.{uuid.uuid4().hex[:8]}@example.com"
    page = browser.new_context().new_page()
    page.goto(base + "/register")
    page.fill("#name", "Gao Lin")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/profile")
    assert page.locator("#email-verified").inner_text() == "not verified"

    mail = wait_for(lambda: smtp.to(email), what="the code")[0]
    page.goto(opened(base, link_in(mail)))
    page.click("button:text-is(\"Verify\")")
    page.wait_for_url("**/profile")
    assert page.locator("#email-verified").inner_text() == "verified"

    log_out(page)
    page.goto(base + "/login")
    page.click("text=Forgot your password?")
    page.fill("#email", email)
    page.click("main button[type=submit]")
    assert "we mailed it a link" in page.content()
    reset = wait_for(lambda: [m for m in smtp.to(email) if "Reset" in m["Subject"]], what="the reset mail")[0]
    page.goto(opened(base, link_in(reset)))
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/profile")
    assert "Your password is changed" in page.content()

    page.fill("#current_password", NEW_PASSWORD)
    page.fill("#new_password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button:text-is(\"Change password\")")
    page.wait_for_url("**/profile")
    assert "Password changed." in page.content()
