"""The CRM pages in Chinese (issue 17): each page, with its rows, forms and states, holds no English left over."""
import re
import uuid

from tests.conftest import Api, csrf_from
from tests.zh import ZH, english_left, sign_in_speaking_chinese

# Names of things that stay as they are: CRM field and property names in the HubSpot set-up hint, hint examples.
TECHNICAL = {"contact", "propertyChange", "hs_lead_status", "lifecyclestage", "hubspot_owner_id", "https", "yourdomain",
             "my", "salesforce", "com", "api", "hubapi", "guanxi_person_id", "hooks", "example", "crm", "inbound", "localhost", "http", "orgs", "targets",
             "guanxi", "person", "id", "ssss", "xx"}  # and a secret's last characters, an owner id typed in


def readable(html):
    """The page without its <code> elements (addresses, CRM property names), email addresses (user data), and with
    the dollar's sign as "$" (Chinese writes it "US$": a currency sign, not English left over)."""
    html = html.replace("US$", "$")
    return re.sub(r"[\w.+-]+@example\.com", "", re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.S))


def email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.com"


def team_with_lead(crm, client, api):
    """A Chinese-speaking admin (signed in on `client`) whose team has sync on and one lead; (me, token, org, lead)."""
    crm.api = api = Api(crm.app.test_client())  # its own cookies: the browser below is signed in as someone
    colleague, colleague_token = crm.person("张敏", email=email("zhang"))
    colleague["token"] = colleague_token
    buyer, _ = crm.person("王芳", email=email("wang"), company="中石化采购", title="采购经理", industry="石化")
    crm.stranger_token = crm.person("周杰", email=email("zhou"))[1]  # made before the browser signs in (no CSRF then)
    me, token = sign_in_speaking_chinese(client, api, "李伟")
    org_id = crm.team(token, colleague, name="阀门销售部")
    assert crm.enable(token, org_id).status_code == 200
    crm.connect(me, buyer)
    crm.connect(colleague, buyer)
    crm.drain()
    [lead] = crm.leads(token, org_id)
    return me, token, org_id, lead


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    return readable(html)


def test_home_board_and_empty_board_speak_chinese(crm, client, api):
    _, token, org_id, lead = team_with_lead(crm, client, api)
    home = page(client, "/crm")
    assert english_left(home) == set() and "线索看板" in home
    board = page(client, f"/orgs/{org_id}/crm/leads")
    assert english_left(board) == set() and "data-lead-id" in board and "张敏" in board
    assert '<option value="Qualified"' in board or "<option>Qualified" not in board
    moved = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/status",
                        data={"csrf_token": csrf_from(board), "Status": "Working"})
    assert moved.status_code == 302
    after = page(client, f"/orgs/{org_id}/crm/leads")
    assert english_left(after) == set() and "跟进中" in after
    empty = page(client, f"/orgs/{org_id}/crm/leads?status=Converted")
    assert english_left(empty) == set() and 'id="no-leads"' in empty
    crm.enable(token, org_id, enabled=False)
    off = page(client, f"/orgs/{org_id}/crm/leads")
    assert english_left(off) == set() and "已关闭" in off


def test_lead_page_before_and_after_converting_and_the_pipeline(crm, client, api):
    _, _, org_id, lead = team_with_lead(crm, client, api)
    path = f"/orgs/{org_id}/crm/leads/{lead['Id']}"
    before = page(client, path)
    assert english_left(before) == set() and 'id="convert-form"' in before and "暂无活动" in before
    converted = client.post(f"{path}/convert", data={"csrf_token": csrf_from(before), "Amount": "12000"})
    assert converted.status_code == 302
    after = page(client, path)
    token = csrf_from(after)
    for kind, body, due in (("task", "回电话", "2027-01-10"), ("note", "客户关心交期", ""), ("call", "已致电", "")):
        data = {"csrf_token": token, "type": kind, "body": body} | ({"due_on": due} if due else {})
        assert client.post(f"{path}/activities/new", data=data).status_code == 302
    full = page(client, path)
    assert english_left(full) == set() and "商机" in full and "初步接触" in full and "标记完成" in full
    [task_id] = [part.split('"')[0] for part in full.split('data-activity-id="')[1:]][-1:]
    client.post(f"{path}/activities/{task_id}/done", data={"csrf_token": token, "done": "1"})
    archived = client.post(f"{path}/change", data={"csrf_token": token, "Archived": "1"})
    assert archived.status_code == 302
    done = page(client, path)
    assert english_left(done) == set() and "已归档" in done
    pipeline = page(client, f"/orgs/{org_id}/crm/pipeline")
    assert english_left(pipeline) == set() and "销售管道" in pipeline and 'data-stage="Prospecting"' in pipeline
    assert "$12,000.00" in pipeline


def test_settings_with_targets_owner_map_and_field_errors(crm, client, api):
    me, _, org_id, _ = team_with_lead(crm, client, api)
    path = f"/orgs/{org_id}/crm/settings"
    html = page(client, path)
    added = client.post(path, data={"csrf_token": csrf_from(html), "action": "add", "kind": "webhook", "name": "钉钉",
                                    "url": "https://hooks.example.com/crm", "secret": "s" * 20})
    assert added.status_code == 302
    html = page(client, path)
    [target_action] = [part.split('"')[0] for part in html.split('action="')[1:] if "/owners" in part.split('"')[0]][:1]
    assert client.post(target_action, data={"csrf_token": csrf_from(html), "external_id": "005xx01",
                                            "user_id": me["id"]}).status_code == 302
    html = page(client, path)
    assert english_left(html) - TECHNICAL == set() and "目标" in html and "005xx01" in html
    bad = client.post(path, data={"csrf_token": csrf_from(html), "action": "add", "kind": "webhook", "url": "nonsense",
                                  "secret": "s" * 20})
    text = readable(bad.get_data(as_text=True))
    assert bad.status_code == 400 and english_left(text) - TECHNICAL == set() and "https://" in text


def test_status_page_with_runs_and_the_admins_retry(crm, client, api):
    _, _, org_id, _ = team_with_lead(crm, client, api)
    html = page(client, f"/orgs/{org_id}/crm/status")
    assert english_left(html) == set() and "同步状态" in html and "已开启" in html
    retried = client.post(f"/orgs/{org_id}/crm/status", data={"csrf_token": csrf_from(html)})
    assert retried.status_code == 302
    again = page(client, f"/orgs/{org_id}/crm/status")
    assert english_left(again) == set() and "重新排队" in again


def test_crm_api_errors_speak_the_callers_language(crm, client, api):
    _, token, org_id, lead = team_with_lead(crm, client, api)
    api = crm.api
    stranger_token = crm.stranger_token
    refused = api.call("GET", f"/api/orgs/{org_id}/crm", token=stranger_token, headers=ZH)
    assert refused.status_code == 403 and refused.get_json()["message"] == "您不是该组织的成员。"
    english = api.call("GET", f"/api/orgs/{org_id}/crm", token=stranger_token, headers={"Accept-Language": "en"})
    assert english.get_json()["message"] == "You are not a member of this organization."
    missing = api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/nope", token=token, json={"Status": "Working"},
                       headers=ZH)
    assert missing.status_code == 404 and missing.get_json()["message"] == "该组织中没有这条线索。"
    bad = api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}", token=token, json={}, headers=ZH)
    assert bad.status_code == 400 and english_left(" ".join(bad.get_json()["fields"]["_schema"])) == {"Status", "OwnerId", "Archived"}
    twice = api.call("POST", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}/convert", token=token, json={}, headers=ZH)
    assert twice.status_code == 201 and twice.get_json()["StageName"] == "Prospecting"  # API values stay Salesforce's
    again = api.call("POST", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}/convert", token=token, json={}, headers=ZH)
    assert again.status_code == 409 and again.get_json()["message"].startswith("这条线索已转换为商机")
    assert crm.leads(token, org_id)[0]["Status"] == "Converted"


def test_status_page_explains_a_failed_run_in_chinese(crm, client, api):
    from tests.crm.fake_crms import FakeHubSpot

    with FakeHubSpot() as hubspot:
        me, token, org_id, _ = team_with_lead(crm, client, api)
        assert crm.enable(token, org_id, [{"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url,
                                           "name": "销售 HubSpot"}]).status_code == 200
        hubspot.plan = [502]
        buyer, _ = crm.person("陈静", email=email("chen"), company="宝钢采购")
        crm.connect(me, buyer)
        crm.drain()
    html = page(client, f"/orgs/{org_id}/crm/status")
    assert "HubSpot 返回 HTTP 502" in html and "条线索已保留" in html and "失败" in html
    # HubSpot's own answer ({"message": "scripted HTTP 502"}) is quoted as it came; "HTTP" names the protocol.
    assert english_left(html) == {"HTTP", "message", "scripted"}
