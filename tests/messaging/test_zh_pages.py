"""Messaging in Chinese: chat, communities, notifications (several kinds), the digest mail and the chat scripts'
texts for a zh-CN person; English stays English."""
import os
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from messaging.digest import send_digests
from tests.browser import chromium
from tests.mail_server import code_in, wait_for
from tests.messaging.conftest import connect_people, live_person
from tests.messaging.test_browser_chat import logged_in_page
from tests.trust.conftest import World
from tests.zh import ZH, english_left, sign_in_speaking_chinese


@pytest.fixture
def world(api):
    return World(api)


# Key names and units a Chinese page keeps as they are.
KEPT = {"Enter", "Shift", "MB"}


def _zh(client, api, **me):
    """A zh-CN person signed in on `client`, a browser of its own: the API calls of others stay theirs."""
    user, token = sign_in_speaking_chinese(client, api)
    if me:
        assert api.call("PATCH", "/api/me", token=token, json=me).status_code == 200
    return {**user, "token": token}


def test_chat_with_a_conversation_open_in_chinese(app, api, world):
    client = app.test_client()
    wang = world.person("王强")
    zh = _zh(client, api)
    world.connect((zh, wang))
    created = api.call("POST", "/api/conversations", token=zh["token"], json={"participant_ids": [wang["id"]], "title": "阀门"})
    html = client.get(f"/chat?c={created.get_json()['id']}").get_data(as_text=True)
    assert english_left(html) - KEPT == set()
    assert "新建会话" in html and "发送" in html and 'class="script-texts"' in html and "{name}正在输入" in html


def test_empty_chat_in_chinese(app, api):
    client = app.test_client()
    _zh(client, api)
    html = client.get("/chat").get_data(as_text=True)
    assert english_left(html) - KEPT == set() and "还没有会话" in html


def test_communities_in_chinese(app, api, world):
    client = app.test_client()
    other = world.person("赵磊", industry="工业阀门")
    zh = _zh(client, api, industry="工业阀门")
    listed = api.call("GET", "/api/communities", token=other["token"], query_string={"industry": "工业阀门"}).get_json()
    community = listed["items"][0]
    api.call("POST", f"/api/communities/{community['id']}/join", token=other["token"])
    html = client.get("/communities").get_data(as_text=True)
    assert english_left(html) == set() and "行业社区" in html and "加入" in html
    api.call("POST", f"/api/communities/{community['id']}/join", token=zh["token"])
    html = client.get("/communities").get_data(as_text=True)
    assert english_left(html) == set() and "退出" in html
    empty = client.get("/communities?industry=没有这个行业").get_data(as_text=True)
    assert english_left(empty) == set() and "还没有" in empty


def test_notifications_of_several_kinds_in_chinese(app, api, world):
    client = app.test_client()
    wang, admin = world.person("王伟"), world.person("张管理")
    zh = _zh(client, api)
    assert api.call("POST", "/api/connections/requests", token=wang["token"], json={"to_user_id": zh["id"]}).status_code == 201
    org = api.call("POST", "/api/orgs", token=admin["token"], json={"name": "阀门采购"}).get_json()
    api.call("POST", f"/api/orgs/{org['id']}/members", token=admin["token"], json={"user_id": zh["id"], "role": "member"})
    mine = api.call("POST", "/api/connections/requests", token=zh["token"], json={"to_user_id": admin["id"]}).get_json()
    api.call("POST", f"/api/connections/requests/{mine['id']}/accept", token=admin["token"])
    html = client.get("/notifications").get_data(as_text=True)
    assert english_left(html) == set()
    assert "王伟请求与您建立联系" in html and "张管理邀请您加入阀门采购" in html and "全部标为已读" in html
    kinds = {n["kind"]: n["text"] for n in api.call("GET", "/api/notifications", token=zh["token"]).get_json()["items"]}
    assert kinds["connection_request"] == "王伟 asked to connect with you"  # the API keeps its English text


def test_empty_notifications_in_chinese(app, api):
    client = app.test_client()
    _zh(client, api)
    html = client.get("/notifications").get_data(as_text=True)
    assert english_left(html) == set() and "暂无通知" in html


def _mails_to(email):
    folder = Path(os.environ["MAIL_URL"].removeprefix("file://"))
    found = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [m for m in found if m["To"] == email]


def test_the_digest_arrives_in_the_recipients_language(api, app, world):
    zh, wang = world.person("李娜"), world.person("王伟")
    assert api.call("PATCH", "/api/me", token=zh["token"], json={"locale": "zh-CN"}).status_code == 200
    code = code_in(wait_for(lambda: _mails_to(zh["email"]), what="the verification code")[0])
    assert api.call("POST", "/api/me/email/verify", token=zh["token"], json={"code": code}).status_code == 200
    api.call("PUT", "/api/me/notification-settings", token=zh["token"], json={"digest": "daily"})
    api.call("POST", "/api/connections/requests", token=wang["token"], json={"to_user_id": zh["id"]})
    assert send_digests(app) == 1
    [mail] = wait_for(lambda: [m for m in _mails_to(zh["email"]) if "摘要" in m["Subject"]], what="the digest")
    text, html = mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
    assert mail["Subject"] == "您的 Guanxi 每日摘要：1 条未读通知"
    for body in (text, html):
        assert "王伟请求与您建立联系" in body and "查看您的通知" in body and "Hello" not in body


def test_an_api_error_in_chinese_and_in_english(client, api, world):
    li = world.person("李伟")
    zh_error = api.call("POST", "/api/conversations", token=li["token"], json={"participant_ids": ["nobody"]}, headers=ZH)
    assert zh_error.status_code == 400 and zh_error.get_json()["message"] == "未知的人员。"
    en_error = api.call("POST", "/api/conversations", token=li["token"], json={"participant_ids": ["nobody"]},
                        headers={"Accept-Language": "en"})
    assert en_error.get_json()["message"] == "Unknown people."


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_the_chat_scripts_speak_chinese(browser, live_server, live_graph):
    li, wang, zhao = (live_person(live_server, n) for n in ("Li Na", "Wang Qiang", "Zhao Lei"))
    connect_people(live_graph, [li, wang, zhao])
    requests.patch(live_server + "/api/me", json={"locale": "zh-CN"}, headers={"Authorization": f"Bearer {li.token}"},
                   timeout=10)
    cid = requests.post(live_server + "/api/conversations", json={"participant_ids": [wang.id], "title": "阀门"},
                        headers={"Authorization": f"Bearer {li.token}"}, timeout=10).json()["id"]
    page = logged_in_page_zh(browser, live_server, li)
    page.goto(f"{live_server}/chat?c={cid}")
    expect(page.locator("#connection")).to_have_text("在线")
    expect(page.locator("#body")).to_have_attribute("placeholder", "输入消息…（Enter 发送，Shift+Enter 换行）")
    page.click(".add-people-button")
    page.select_option(".add-people select", zhao.id)
    page.click(".add-people button[type=submit]")
    expect(page.locator("#messages li.system")).to_have_text(["Li Na添加了Zhao Lei"])
    expect(page.locator(".leave")).to_have_text("退出会话")


def logged_in_page_zh(browser, base_url, person):
    """Logged in through the (English) form; the person's zh-CN setting decides the pages' language after that."""
    return logged_in_page(browser, base_url, person)
