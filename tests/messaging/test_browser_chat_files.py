"""The chat page, grown up, in headless Chromium against the real server: a file with an image preview, an
@mention picked from the participants, a reply with its quote, a reaction seen live by the other side."""
import struct
import zlib

import pytest
import requests
from playwright.sync_api import expect

from tests.browser import chromium
from tests.messaging.conftest import connect_people, live_conversation, live_person
from tests.messaging.test_browser_chat import logged_in_page


def tiny_png() -> bytes:
    """A real 1x1 PNG, so the preview really loads."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_attach_mention_reply_and_react(browser, live_server, live_graph, tmp_path):
    li, wang = live_person(live_server, "Li Wei"), live_person(live_server, "Wang Fang")
    connect_people(live_graph, [li, wang])
    cid = live_conversation(live_server, li, wang)
    li_page, wang_page = logged_in_page(browser, live_server, li), logged_in_page(browser, live_server, wang)
    for page in (li_page, wang_page):
        page.goto(f"{live_server}/chat?c={cid}")
        expect(page.locator("#connection")).to_have_text("online")

    drawing = tmp_path / "<b>drawing<i>.png"
    drawing.write_bytes(tiny_png())
    li_page.set_input_files("#file", str(drawing))
    expect(li_page.locator("#staged li.staged[data-id]")).to_have_count(1)
    li_page.type("#body", "@Wa")
    li_page.locator("#mention-list li", has_text="Wang Fang").dispatch_event("mousedown")
    li_page.type("#body", "here is the drawing")
    li_page.press("#body", "Enter")

    preview = wang_page.locator("#messages li.theirs .attachments img.preview")
    expect(preview).to_have_count(1)
    expect(wang_page.locator("#messages li.theirs .attachments a")).to_contain_text("<b>drawing<i>.png")
    wang_page.wait_for_function("document.querySelector('#messages .attachments img').naturalWidth === 1")
    notes = requests.get(live_server + "/api/notifications", headers={"Authorization": f"Bearer {wang.token}"},
                         timeout=10).json()["items"]
    assert [n["actor"]["id"] for n in notes if n["kind"] == "mention"] == [li.id]

    wang_page.locator("#messages li.theirs button.reply").click()
    expect(wang_page.locator("#reply-text")).to_contain_text("Replying to Li Wei")
    wang_page.fill("#body", "got it")
    wang_page.press("#body", "Enter")
    expect(li_page.locator("#messages li.theirs .quote")).to_have_text("You: @Wang Fang here is the drawing")

    li_page.locator("#messages li.theirs .reactions button", has_text="👍").click()
    expect(wang_page.locator("#messages li.mine .reactions button", has_text="👍 1")).to_have_count(1)
