"""The shared pages and the home page in Chinese (issue 17): the landing page, the error page, home with every
part filled and the newcomer checklist — no English left over."""
from tests.sourcing.conftest import Sourcing
from tests.zh import ZH, english_left, sign_in_speaking_chinese


def _page(client, path, status=200, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == status, path
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert english_left(html) == set(), path
    return html


def test_the_landing_page_for_visitors_and_the_signed_in(client, api):
    visitor = _page(client, "/", headers=ZH)
    assert "加入 Guanxi" in visitor and "来自你自己人脉的信任" in visitor
    sign_in_speaking_chinese(client, api)
    assert english_left(client.get("/", follow_redirects=True).get_data(as_text=True)) == set()


def test_the_error_page_speaks_chinese(client, api):
    missing = _page(client, "/no-such-page", status=404, headers=ZH)
    assert "页面不存在" in missing and "返回 Guanxi" in missing
    sign_in_speaking_chinese(client, api)
    assert "页面不存在" in _page(client, "/people/no-such-person", status=404)


def test_a_newcomers_home_is_the_checklist(client, api):
    sign_in_speaking_chinese(client, api, "何静")
    html = _page(client, "/home")
    assert "欢迎回来，何静" in html and "开始使用" in html and "验证你的邮箱地址" in html
    assert "目前没有等待你处理的事项" in html


def _filled_world(client, api):
    """A Chinese-speaking seller and buyer-team admin, with something in every part of their home."""
    world = Sourcing(api)
    user, token = sign_in_speaking_chinese(client, api, "李娜")
    me = {**user, "token": token}
    assert api.call("PATCH", "/api/me", token=token, json={"industry": "工业设备"}).status_code == 200
    friend = world.person("王伟", industry="工业设备")
    stranger, boss, member = (world.person(n) for n in ("孙宇", "张经理", "赵敏"))
    world.connect((me, friend))
    api.call("POST", "/api/connections/requests", token=stranger["token"], json={"to_user_id": me["id"], "note": "广交会"})
    invited_by = api.call("POST", "/api/orgs", token=boss["token"], json={"name": "阀门采购部"}).get_json()
    api.call("POST", f"/api/orgs/{invited_by['id']}/members", token=boss["token"], json={"user_id": me["id"], "role": "member"})
    mine = world.company(me, "杭州阀门厂", ["球阀", "蝶阀"], industry="工业设备")
    world.seller(me, mine)
    world.company(boss, "苏州泵业", ["离心泵"], industry="工业设备")
    assert world.ask(friend, "离心泵", details="需要三十台离心泵").status_code == 201
    asked = world.ask(me, "蝶阀")
    assert asked.status_code == 201, asked.get_json()
    question = asked.get_json()["id"]
    assert world.answer(friend, question, mine, "密封很好").status_code == 201
    chat = api.call("POST", "/api/conversations", token=friend["token"], json={"participant_ids": [me["id"]]}).get_json()
    api.call("POST", f"/api/conversations/{chat['id']}/messages", token=friend["token"], json={"body": "你好！", "client_msg_id": "m1"})
    buyers = world.team("天津工厂采购组", boss)
    project = world.project(buyers, boss, title="天津球阀采购", category="球阀")
    world.add(project, boss, mine)
    sent = api.call("POST", f"/api/sourcing/{project['id']}/rfq", token=boss["token"],
                    json={"message": "三百个 DN50 球阀", "respond_by": "2099-01-01T00:00:00Z"})
    assert sent.status_code == 201, sent.get_json()
    team = world.team("我的采购组", me, member)
    decision = world.project(team, me, title="宁波泵采购", category="球阀")
    world.add(decision, me, mine)
    proposed = api.call("POST", f"/api/sourcing/{decision['id']}/decision", token=member["token"],
                        json={"company_id": mine["id"], "rationale": "价格合适"})
    assert proposed.status_code == 202, proposed.get_json()


def test_home_with_every_part_filled(app, api):
    client = app.test_client()  # the browser; api keeps its own client without a session
    _filled_world(client, api)
    html = _page(client, "/home")
    for part in ("connection-requests", "invitations", "requests-to-answer", "answers", "approvals", "rfqs",
                 "unread-conversations", "checklist"):
        assert f'id="{part}"' in html, part
    assert "联系请求" in html and "邀请你以成员身份加入" in html and "推荐供应商" in html and "1 个回答" in html
    assert "等待你审批" in html and "待报价的 RFQ" in html and "未读会话" in html and "2099年1月1日" in html


def test_api_errors_of_core_in_chinese(api):
    _, token = api.user_with_token("张伟")
    bad = api.call("GET", "/api/connections?cursor=nonsense", token=token, headers=ZH).get_json()
    assert bad["message"] == "游标无效。" and bad["fields"]["cursor"] == ["这不是本 API 返回的游标：请使用上一页的 next_cursor。"]
    english = api.call("GET", "/api/connections?cursor=nonsense", token=token, headers={"Accept-Language": "en"})
    assert english.get_json()["message"] == "Bad cursor." and english.get_json()["fields"]["cursor"] == ["Not a cursor this API returned: use the next_cursor of a previous page."]


def test_the_styleguide_speaks_chinese_but_for_its_css_token_names(db_url, graph_db):
    from tests.conftest import make_app

    app = make_app(db_url, DEBUG=True)
    app.debug = True
    html = _page_text(app.test_client().get("/styleguide", headers=ZH))
    tokens = {"text", "muted", "brand", "link", "border-input", "line", "ok", "danger", "focus", "bg",  # CSS names
              "static", "ui", "css", "templates", "macros", "html"}  # and the files they are in
    assert english_left(html) - tokens == set() and "样式指南" in html


def _page_text(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)
