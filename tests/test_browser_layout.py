"""The main pages in a real browser at desktop and phone widths, on the demo data a newcomer logs in to."""
import shutil
from pathlib import Path

import pytest
import requests

import demo
from core.db import get_session
from core.extensions import graph
from tests.browser import chromium
from tests.conftest import make_app, serve_for_tests
from tests.zh import untranslated_sources

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "instance" / "screenshots" / "layout"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("en", "zh-CN")  # the browser's language (Accept-Language): the demo person has no setting of their own


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, neo4j_driver, migrated_db):
    """`python app.py` on a copy of the database with `flask demo load` run on it."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    folder = tmp_path_factory.mktemp("layout")
    shutil.copy(migrated_db, folder / "guanxi.db")
    url = f"sqlite:///{folder / 'guanxi.db'}"
    app = make_app(url)
    with app.app_context():
        demo.load(get_session(), graph)
    yield from serve_for_tests(folder, url)


@pytest.fixture(scope="module")
def pages(demo_server):
    """Name → path of each main page, found through the API as the demo person."""
    token = requests.post(demo_server + "/api/auth/token", json={"email": demo.DEMO_EMAIL,
                                                                 "password": demo.DEMO_PASSWORD}, timeout=10).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    team = next(o for o in requests.get(demo_server + "/api/orgs", headers=auth, timeout=10).json()["items"]
                if o["name"] == "Demo Sales Team")
    project = requests.get(demo_server + "/api/sourcing", headers=auth, timeout=10).json()["items"][0]
    return {"home": "/home", "network": "/network", "people": "/search?q=Wang", "shortlist":
            "/vendors/shortlist?category=Industrial+valves", "chat": "/chat", "leads": f"/orgs/{team['id']}/crm/leads",
            "project": f"/sourcing/{project['id']}", "company": "/vendors/companies/demo-company-1"}


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def _signed_in(browser, url, size, language="en"):
    page = browser.new_context(viewport=SIZES[size], locale=language).new_page()
    page.goto(url + "/login")
    page.fill("#email", demo.DEMO_EMAIL)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/home")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_main_pages_never_scroll_sideways_and_speak_the_language(browser, demo_server, pages, size, language):
    page = _signed_in(browser, demo_server, size, language)
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide, english = {}, {}
    for name, path in pages.items():
        response = page.goto(demo_server + path)
        assert response.status == 200, (name, path)
        page.wait_for_load_state("networkidle")  # the chat's scripts fill in their texts
        page.screenshot(path=str(SHOTS / f"{name}-{size}-{language}.png"), full_page=True)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[name] = scroll
        if language != "en" and (left := untranslated_sources(page.content())):
            english[name] = sorted(left)
    assert wide == {}, f"pages wider than the {size} window: {wide}"
    assert english == {}, f"English product texts left in {language}: {english}"


def test_phone_menu_opens_and_skip_link_leads_to_main(browser, demo_server):
    page = _signed_in(browser, demo_server, "phone")
    toggle = page.locator(".menu-toggle")
    assert toggle.get_attribute("aria-expanded") == "false" and not page.locator("#site-search").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#site-search").is_visible()
    page.locator("summary", has_text="Vendors").click()
    page.locator("#site-nav a", has_text="Shortlist").click()
    page.wait_for_url("**/vendors/shortlist")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement") and skip.is_visible()
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_main_pages_have_no_serious_axe_violations(browser, demo_server, pages, size, language):
    page = _signed_in(browser, demo_server, size, language)
    found = {}
    for name, path in pages.items():
        page.goto(demo_server + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                                   ".filter(v => ['serious', 'critical'].includes(v.impact))"
                                   ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))")
        if violations:
            found[name] = violations
    assert found == {}
