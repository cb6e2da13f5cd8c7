"""The chat page in headless Chromium: no composer without a conversation, inline editing, a group's members
(Add people, Remove, system lines), the removed person's page, and the list's last message."""
import pytest
import requests
from playwright.sync_api import expect

from tests.browser import chromium
from tests.messaging.conftest import connect_people, live_person
from tests.messaging.test_browser_chat import logged_in_page


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_inline_edit_and_group_members_on_the_page(browser, live_server, live_graph):
    li, wang, zhao = (live_person(live_server, n) for n in ("Li Na", "Wang Qiang", "Zhao Lei"))
    connect_people(live_graph, [li, wang, zhao])
    created = requests.post(live_server + "/api/conversations", json={"participant_ids": [wang.id], "title": "Valves"},
                            headers={"Authorization": f"Bearer {li.token}"}, timeout=10)
    cid = created.json()["id"]
    li_page, wang_page = logged_in_page(browser, live_server, li), logged_in_page(browser, live_server, wang)
    li_page.on("dialog", lambda dialog: dialog.accept())

    li_page.goto(live_server + "/chat")
    expect(li_page.locator("#connection")).to_have_text("online")
    expect(li_page.locator("#composer")).to_be_hidden()  # nothing open: nothing to send to
    li_page.click("#conversations li a")
    expect(li_page.locator("#composer")).to_be_visible()
    wang_page.goto(f"{live_server}/chat?c={cid}")
    expect(wang_page.locator("#connection")).to_have_text("online")

    li_page.fill("#body", "DN50 gate valvs")
    li_page.press("#body", "Enter")
    expect(li_page.locator("#messages li.mine.sent .body")).to_have_text(["DN50 gate valvs"])
    li_page.click("#messages li.mine .edit")
    editor = li_page.locator("#messages li.mine .edit-inline textarea")
    editor.fill("thrown away")
    editor.press("Escape")  # Esc cancels
    expect(li_page.locator("#messages li.mine .body")).to_have_text(["DN50 gate valvs"])
    li_page.click("#messages li.mine .edit")
    li_page.locator("#messages li.mine .edit-inline textarea").fill("DN50 gate valves")
    li_page.click("#messages li.mine .edit-inline button[type=submit]")
    expect(li_page.locator("#messages li.mine .body")).to_have_text(["DN50 gate valves"])
    expect(wang_page.locator("#messages li.theirs .body")).to_have_text(["DN50 gate valves"])

    li_page.click(".add-people-button")
    li_page.select_option(".add-people select", zhao.id)
    li_page.click(".add-people button[type=submit]")
    expect(li_page.locator("#messages li.system")).to_have_text(["Li Na added Zhao Lei"])
    expect(li_page.locator("#participants .person")).to_have_text(["Wang Qiang", "Zhao Lei"])
    expect(wang_page.locator("#messages li.system")).to_have_text(["Li Na added Zhao Lei"])

    li_page.click("#participants .person[data-user-id='%s'] + .remove-member" % wang.id)
    expect(li_page.locator("#messages li.system")).to_have_text(["Li Na added Zhao Lei", "Li Na removed Wang Qiang"])
    expect(wang_page.locator("#conversation-title")).to_have_text("You were removed from this conversation.")
    expect(wang_page.locator("#composer")).to_be_hidden()
    expect(wang_page.locator("#conversations li")).to_have_count(0)

    li_page.fill("#body", "just us now")
    li_page.press("#body", "Enter")
    expect(li_page.locator("#conversations li .preview")).to_have_text(["You: just us now"])
    expect(li_page.locator("#conversations li time")).to_have_count(1)
    assert "just us now" not in wang_page.locator("#messages").inner_text()
