"""Chat attachments (API.md "Work chat, grown up"): upload, send, download by participants only, served safely."""
import io
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import storage as file_storage
from core import uow
from core.db import utcnow
from messaging.attachment_sweep import sweep_unsent
from messaging.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


@pytest.fixture
def trio(chat):
    li, wang, outsider = chat.person("Li Na"), chat.person("Wang Wei"), chat.person("Sun Yu")
    chat.connect(li, wang)
    return li, wang, outsider, chat.conversation(li, wang)


def upload(chat, who, cid, data=PNG, name="drawing.png"):
    return chat.call("POST", f"/api/conversations/{cid}/attachments", who,
                     data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def send(chat, who, cid, **extra):
    return chat.call("POST", f"/api/conversations/{cid}/messages", who,
                     json={"body": "see attached", "client_msg_id": uuid.uuid4().hex, **extra})


def test_upload_send_and_download_by_participants_only(chat, trio):
    li, wang, outsider, cid = trio
    uploaded = upload(chat, li, cid)
    assert uploaded.status_code == 201, uploaded.get_json()
    file = uploaded.get_json()
    assert file["name"] == "drawing.png" and file["size"] == len(PNG) and file["content_type"] == "image/png"
    sent = send(chat, li, cid, attachment_ids=[file["id"]])
    assert sent.status_code == 201, sent.get_json()
    [shown] = sent.get_json()["attachments"]
    assert shown == {**file, "url": f"/api/attachments/{file['id']}"}
    [listed] = chat.messages(wang, cid)
    assert listed["attachments"] == [shown]
    got = chat.call("GET", shown["url"], wang)
    assert got.status_code == 200 and got.data == PNG and got.mimetype == "image/png"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert chat.call("GET", shown["url"], outsider).status_code == 404
    assert upload(chat, outsider, cid).status_code in (403, 404)


def test_any_file_is_served_as_a_download_never_as_html(chat, trio):
    li, wang, _, cid = trio
    file = upload(chat, li, cid, HTML, "évil page.html").get_json()
    assert file["content_type"] == "application/octet-stream"
    send(chat, li, cid, attachment_ids=[file["id"]])
    got = chat.call("GET", f"/api/attachments/{file['id']}", wang)
    assert got.mimetype == "application/octet-stream" and got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"] == \
        "attachment; filename=\"_vil_page.html\"; filename*=UTF-8''%C3%A9vil%20page.html"


def test_only_my_own_unsent_uploads_of_this_conversation(chat, trio):
    li, wang, _, cid = trio
    mine = upload(chat, li, cid).get_json()
    theirs = upload(chat, wang, cid).get_json()
    refused = send(chat, li, cid, attachment_ids=[theirs["id"]])
    assert refused.status_code == 400 and "attachment_ids" in refused.get_json()["fields"]
    # before it is sent, only its uploader can fetch it
    assert chat.call("GET", f"/api/attachments/{theirs['id']}", li).status_code == 404
    assert send(chat, li, cid, attachment_ids=[mine["id"]]).status_code == 201
    again = send(chat, li, cid, attachment_ids=[mine["id"]])  # already carried by a message
    assert again.status_code == 400 and "attachment_ids" in again.get_json()["fields"]


def test_a_retried_send_with_its_attachment_returns_the_first(chat, trio):
    li, _, _, cid = trio
    file = upload(chat, li, cid).get_json()
    body = {"body": "x", "client_msg_id": "retry-1", "attachment_ids": [file["id"]]}
    first = chat.call("POST", f"/api/conversations/{cid}/messages", li, json=body)
    second = chat.call("POST", f"/api/conversations/{cid}/messages", li, json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["attachments"] == first.get_json()["attachments"]


def test_a_file_over_25_mb_is_413(chat, trio):
    li, _, _, cid = trio
    response = upload(chat, li, cid, b"\x00" * (25 * 1024 * 1024 + 1), "big.bin")
    assert response.status_code == 413


def test_the_socket_send_carries_attachments(chat, trio):
    li, _, _, cid = trio
    file = upload(chat, li, cid).get_json()
    client = chat.socket(li)
    ack = client.emit("send_message", {"conversation_id": cid, "body": "over the socket", "client_msg_id": "s-1",
                                       "attachment_ids": [file["id"]]}, callback=True)
    assert ack["ok"], ack
    assert [a["id"] for a in ack["message"]["attachments"]] == [file["id"]]
    client.disconnect()


def test_uploads_no_message_took_within_a_day_are_swept_with_their_files(chat, trio):
    li, wang, _, cid = trio
    sent, draft = upload(chat, li, cid).get_json(), upload(chat, wang, cid).get_json()
    assert send(chat, li, cid, attachment_ids=[sent["id"]]).status_code == 201
    with chat.app.app_context():
        with uow.unit(chat.app) as session:
            keys = dict(session.execute(select(Attachment.id, Attachment.storage_key)).all())
        storage = file_storage.current()
        assert sweep_unsent(chat.app) == 0  # a fresh draft stays: its message may still come
        assert sweep_unsent(chat.app, utcnow() + timedelta(days=1, minutes=1)) == 1
        assert not storage.exists(keys[draft["id"]]) and storage.exists(keys[sent["id"]])
    assert chat.call("GET", f"/api/attachments/{draft['id']}", wang).status_code == 404
    assert chat.call("GET", f"/api/attachments/{sent['id']}", wang).status_code == 200
    assert send(chat, wang, cid, attachment_ids=[draft["id"]]).status_code == 400
