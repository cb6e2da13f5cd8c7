"""The shared layout through the test client: grouped navigation, skip link, favicon, styleguide, person links."""
from tests.conftest import make_app
from tests.test_pages import register_in_browser


def test_every_page_has_the_skip_link_grouped_nav_and_design_css(client):
    register_in_browser(client)
    page = client.get("/network").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">' in page and 'id="main"' in page
    assert "/static/ui.css" in page and 'rel="icon"' in page
    assert "<svg focusable" in page and "&lt;svg" not in page  # icons inline, not escaped text
    assert 'aria-controls="site-nav"' in page and 'aria-expanded="false"' in page  # the phone menu button
    for group in ("Network", "Vendors", "Sourcing", "CRM"):
        assert f"{group}</summary>" in page or f"{group}</a>" in page
    assert 'summary class="current"' in page and 'aria-current="page"' in page
    assert 'role="search"' in page and 'for="site-search"' in page


def test_vendors_tabs_mark_the_current_page_once(client):
    register_in_browser(client)
    page = client.get("/vendors/shortlist?category=valves").get_data(as_text=True)
    tabs = page[page.index('class="subnav"'):]
    tabs = tabs[:tabs.index("</nav>")]
    assert tabs.count('aria-current="page"') == 1 and tabs.count("Shortlist") == 1


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and b"<svg" in response.data


def test_styleguide_only_in_debug(client, db_url):
    assert client.get("/styleguide").status_code == 404
    app = make_app(db_url, DEBUG=True)
    app.debug = True
    page = app.test_client().get("/styleguide").get_data(as_text=True)
    assert "Styleguide" in page and 'class="avatar' in page and "table-wrap" in page


def test_person_links_carry_initials_and_the_profile(client, api):
    other = api.register("Wang Qiang", email="wang.q@example.com", company="Sinopec")
    register_in_browser(client)
    page = client.get("/search?q=Wang").get_data(as_text=True)
    assert f'href="/people/{other["id"]}"' in page
