"""Two people chatting live in two headless Chromium contexts against the real server."""
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.browser import chromium
from tests.conftest import PASSWORD
from tests.messaging.conftest import connect_people, live_person


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def logged_in_page(browser, base_url, person):
    page = browser.new_context().new_page()
    page.goto(base_url + "/login")
    page.fill("#email", person.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base_url + "/home")
    return page


def bodies(page):
    return page.locator("#messages li.message .body").all_inner_texts()


def test_two_people_chat_live_with_typing_receipts_catch_up_and_pending_sends(browser, live_server, live_graph):
    li, wang = live_person(live_server, "Li Wei"), live_person(live_server, "Wang Fang")
    connect_people(live_graph, [li, wang])
    li_page, wang_page = logged_in_page(browser, live_server, li), logged_in_page(browser, live_server, wang)

    li_page.goto(live_server + "/chat")
    li_page.fill("#people", wang.email)
    li_page.click("#start-form button[type=submit]")
    li_page.wait_for_url("**/chat?c=*")
    expect(li_page.locator("#connection")).to_have_text("online")
    wang_page.goto(live_server + "/chat")
    expect(wang_page.locator("#connection")).to_have_text("online")
    wang_page.click("#conversations li a")
    expect(wang_page.locator("#conversation-title")).to_have_text("Li Wei")
    expect(li_page.locator("#participants .person.online")).to_have_text("Wang Fang")

    hostile = "Hello <script>window.pwned = 1</script> & welcome"
    li_page.fill("#body", hostile)
    li_page.press("#body", "Enter")
    expect(wang_page.locator("#messages li.theirs .body")).to_have_text([hostile])
    assert wang_page.evaluate("window.pwned") is None
    expect(li_page.locator("#messages li.mine .seen")).to_have_text("Seen")  # Wang has it open

    wang_page.type("#body", "On my way")
    expect(li_page.locator("#typing")).to_have_text("Wang Fang is typing…")
    wang_page.press("#body", "Enter")
    expect(li_page.locator("#messages li.theirs .body")).to_have_text(["On my way"])

    # Wang's laptop drops off; everything sent meanwhile arrives once, in order, on reconnect.
    wang_page.evaluate("guanxiChat.socket.disconnect()")
    expect(wang_page.locator("#connection")).to_contain_text("offline")
    for text in ("one", "two", "three"):
        li_page.fill("#body", text)
        li_page.press("#body", "Enter")
    expect(li_page.locator("#messages li.mine.sent .body")).to_have_text([hostile, "one", "two", "three"])
    wang_page.evaluate("guanxiChat.socket.connect()")
    expect(wang_page.locator("#messages li.message .body")).to_have_text([hostile, "On my way", "one", "two", "three"])

    # Li sends while offline: the message stays pending, then is sent once on reconnect.
    li_page.evaluate("guanxiChat.socket.disconnect()")
    li_page.fill("#body", "queued while offline")
    li_page.press("#body", "Enter")
    expect(li_page.locator("#messages li.pending .body")).to_have_text(["queued while offline"])
    li_page.evaluate("guanxiChat.socket.connect()")
    expect(li_page.locator("#messages li.pending")).to_have_count(0)
    expect(wang_page.locator("#messages li.message .body")).to_have_text(
        [hostile, "On my way", "one", "two", "three", "queued while offline"])
    assert bodies(li_page) == [hostile, "On my way", "one", "two", "three", "queued while offline"]

    # Search finds it; the page shows it as text.
    li_page.fill("#search", "queued")
    li_page.press("#search", "Enter")
    expect(li_page.locator("#search-results li")).to_have_text(["Wang Fang: queued while offline"])
    folder = Path(__file__).resolve().parent.parent.parent / "instance" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    li_page.screenshot(path=str(folder / "chat.png"))


def test_the_page_says_its_session_ended_and_stops_connecting(browser, live_server):
    li = live_person(live_server, "Li Wei")
    page = logged_in_page(browser, live_server, li)
    page.goto(live_server + "/chat")
    expect(page.locator("#connection")).to_have_text("online")
    sockets_opened = []
    page.on("websocket", lambda socket: sockets_opened.append(socket.url))
    changed = requests.post(live_server + "/api/me/password", headers={"Authorization": f"Bearer {li.token}"},
                            json={"current_password": PASSWORD, "new_password": "a different long password"}, timeout=10)
    assert changed.status_code == 200
    expect(page.locator("#session-ended")).to_contain_text("Your password was changed")
    expect(page.locator("#connection")).to_have_text("signed out")
    expect(page.locator("#composer")).to_be_hidden()
    page.wait_for_timeout(2000)  # a page that reconnected would have opened a socket by now (and been refused)
    assert page.url == live_server + "/chat" and sockets_opened == []
