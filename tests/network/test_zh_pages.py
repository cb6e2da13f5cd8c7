"""The network pages in Chinese (issue 17): my network, profiles in every state, suggestions, introductions, their
flashes and the network API's errors — no English left over; English stays English."""
import re

from tests.network.conftest import People
from tests.trust.conftest import World
from tests.zh import ZH, english_left, sign_in_speaking_chinese


def _me(client, api, name="张伟", **fields):
    """A Chinese-speaking person signed in on `client` (a browser of its own: the API client carries no session)."""
    user, token = sign_in_speaking_chinese(client, api, name)
    if fields:
        assert api.call("PATCH", "/api/me", token=token, json=fields).status_code == 200
    people = People(api)
    people.tokens[user["id"]] = token
    return user, people


def _page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    assert english_left(html) == set(), path
    return html


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_my_network_with_requests_and_connections_and_empty(app, api):
    client = app.test_client()
    me, people = _me(client, api)
    empty = _page(client, "/network")
    assert "暂无待处理的请求" in empty and "还没有联系人" in empty
    asker, asked, friend = people.add("李娜", company="中石化"), people.add("王芳"), people.add("陈磊")
    people.request(asker, me, note="广交会上见过")
    people.request(me, asked)
    people.connect((me, friend))
    html = _page(client, "/network")
    assert "我的人脉" in html and "接受" in html and "撤回" in html and "移除" in html and "广交会上见过" in html


def test_profiles_in_every_state_in_chinese(app, api):
    client = app.test_client()
    me, people = _me(client, api)
    stranger, friend, colleague = people.add("赵敏", company="宝钢"), people.add("孙宇"), people.add("钱波")
    people.connect((me, friend), (friend, stranger), (me, colleague))
    none = _page(client, f"/people/{stranger['id']}")
    assert "共同联系人" in none and "孙宇" in none and "请求引荐" in none and "二度" in none
    page = _page(client, f"/people/{colleague['id']}")
    assert "你们已建立联系" in page and "发消息" in page and "一度" in page
    assert "这是你" in _page(client, f"/people/{me['id']}")
    people.request(stranger, me)
    assert "请求与你建立联系" in _page(client, f"/people/{stranger['id']}")
    other = people.add("周杰")
    people.request(me, other)
    assert "你的请求正在等待对方回复" in _page(client, f"/people/{other['id']}")


def test_connecting_flashes_in_chinese(app, api):
    client = app.test_client()
    me, people = _me(client, api)
    other = people.add("王芳")
    profile = _page(client, f"/people/{other['id']}")
    sent = client.post(f"/people/{other['id']}/connect", data={"csrf_token": _csrf(profile), "note": "你好"},
                       follow_redirects=True).get_data(as_text=True)
    assert "联系请求已发送。" in sent and english_left(sent) == set()
    again = client.post(f"/people/{other['id']}/connect", data={"csrf_token": _csrf(profile)},
                        follow_redirects=True).get_data(as_text=True)
    assert "已有一个发给此人的请求在等待回复。" in again and english_left(again) == set()


def test_suggestions_with_every_reason_and_empty(app, api):
    client = app.test_client()
    me, people = _me(client, api, industry="工业设备")
    assert "还没有推荐" in _page(client, "/network/suggestions")
    world = World(api)
    friend, candidate = people.add("王芳"), people.add("刘洋", industry="工业设备")
    people.connect((me, friend), (friend, candidate))
    owner = world.person("冯涛")
    company = world.company(owner, "上海阀门厂", ["球阀"])
    for person in (me, candidate):
        world.works_at({**person, "token": people.tokens[person["id"]]}, company)
        people.call("PUT", "/api/me/skills", person, json={"skills": ["阀门", "采购"]})
    html = _page(client, "/network/suggestions")
    assert "1 位共同联系人" in html and "曾任职于上海阀门厂" in html and "同在工业设备行业" in html
    assert "共同技能" in html and "忽略" in html and "建立联系" in html


def test_introductions_asked_of_me_and_mine(app, api):
    client = app.test_client()
    me, people = _me(client, api)
    assert "还没有人请你引荐" in _page(client, "/network/introductions")
    asker, target, via, other = people.add("李娜"), people.add("王芳"), people.add("陈磊"), people.add("孙宇")
    people.connect((me, asker), (me, target), (me, via), (via, other), (asker, other))
    asked = people.call("POST", "/api/introductions", asker, json={"to_user_id": target["id"], "via_user_id": me["id"],
                                                                   "note": "想谈谈合作"})
    assert asked.status_code == 201, asked.get_json()
    mine = people.call("POST", "/api/introductions", me, json={"to_user_id": other["id"], "via_user_id": via["id"]})
    assert mine.status_code == 201, mine.get_json()
    html = _page(client, "/network/introductions")
    assert "希望认识" in html and "为他们引荐" in html and "等待中" in html
    declined = client.post(f"/network/introductions/{asked.get_json()['id']}", data={
        "csrf_token": _csrf(html), "decision": "decline"}, follow_redirects=True).get_data(as_text=True)
    assert "已拒绝，对方不会收到通知。" in declined and english_left(declined) == set()
    assert "已拒绝" in _page(client, "/network/introductions")


def test_network_api_errors_in_chinese_and_english(api):
    user, token = api.user_with_token("张伟")
    refused = api.call("POST", "/api/connections/requests", token=token, json={"to_user_id": user["id"]}, headers=ZH)
    body = refused.get_json()
    assert refused.status_code == 400 and body["message"] == "不能与自己建立联系。"
    assert body["fields"]["to_user_id"] == ["这是你自己的 ID。"]
    english = api.call("POST", "/api/connections/requests", token=token, json={"to_user_id": user["id"]},
                       headers={"Accept-Language": "en"})
    assert english.get_json()["message"] == "You cannot connect to yourself."
