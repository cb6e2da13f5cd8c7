"""The integrations page in Chinese (issue 17): webhooks with deliveries, API keys, a new key, errors."""
import re
import uuid

from tests.conftest import Api, csrf_from
from tests.postoffice.conftest import SECRET, drain
from tests.zh import ZH, english_left, sign_in_speaking_chinese

# Names that stay as they are: the feed's path, event types and families, scopes, the doc's file name.
TECHNICAL = {"GET", "api", "orgs", "events", "CloudEvents", "docs", "postoffice", "md", "HTTP", "read", "write",
             "webhooks", "lead", "opportunity", "sourcing", "rfq", "quote", "review", "received", "updated", "created",
             "hook", "http"}


def readable(html):
    """The page without its <code> elements (the feed's path, event ids, the new key)."""
    return re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.S)


def admin_with_lead(crm, client, api):
    """A Chinese-speaking admin signed in on `client`, whose team has sync on and one lead; (token, org id, lead id)."""
    crm.api = api = Api(crm.app.test_client())  # its own cookies: the browser below is signed in as someone
    buyer, _ = crm.person("王芳", email=f"wang.{uuid.uuid4().hex[:8]}@example.com", company="中石化采购")
    crm.stranger_token = crm.person("周杰", email=f"zhou.{uuid.uuid4().hex[:8]}@example.com")[1]
    me, token = sign_in_speaking_chinese(client, api, "李伟")
    org_id = crm.team(token, name="阀门销售部")
    assert crm.enable(token, org_id).status_code == 200
    crm.connect(me, buyer)
    crm.drain()
    return token, org_id, crm.leads(token, org_id)[0]["Id"]


def test_integrations_page_empty_then_with_a_webhook_deliveries_and_keys(app, crm, client, api, receiver):
    token, org_id, lead_id = admin_with_lead(crm, client, api)
    api = crm.api
    path = f"/orgs/{org_id}/integrations"
    empty = readable(client.get(path).get_data(as_text=True))
    assert '<html lang="zh-CN">' in empty and english_left(empty) - TECHNICAL == set() and "暂无网络钩子" in empty
    hook = api.call("POST", f"/api/orgs/{org_id}/webhooks", token=token,
                    json={"url": receiver.url, "secret": SECRET, "types": ["lead.*"]})
    assert hook.status_code == 201
    receiver.plan = [500]
    api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token, json={"Status": "Working"})
    drain(app)
    made = client.post(path, data={"csrf_token": csrf_from(empty), "action": "add_key", "name": "数据看板",
                                   "scopes": ["events:read"]})
    html = readable(made.get_data(as_text=True))
    assert made.status_code == 200 and 'id="new-key"' in html and english_left(html) - TECHNICAL == set()
    assert "数据看板" in html and "从未" in html and "次尝试" in html
    bad = client.post(path, data={"csrf_token": csrf_from(html), "action": "add_webhook", "url": "nonsense",
                                  "secret": "short", "types": "nothing.here"})
    text = readable(bad.get_data(as_text=True))
    assert bad.status_code == 400 and english_left(text) - TECHNICAL - {"nothing", "here"} == set()
    removed = client.post(path, data={"csrf_token": csrf_from(html), "action": "remove_webhook",
                                      "webhook_id": hook.get_json()["id"]})
    assert removed.status_code == 302
    after = readable(client.get(path).get_data(as_text=True))
    assert english_left(after) - TECHNICAL == set() and "网络钩子已删除" in after


def test_postoffice_api_errors_speak_the_callers_language(crm, client, api):
    token, org_id, _ = admin_with_lead(crm, client, api)
    api = crm.api
    bad = api.call("POST", f"/api/orgs/{org_id}/webhooks", token=token, headers=ZH,
                   json={"url": "http://user:pw@example.com/x", "secret": SECRET, "types": ["lead.*"]})
    assert bad.status_code == 400 and bad.get_json()["message"] == "URL 无效。"
    assert english_left(" ".join(bad.get_json()["fields"]["url"])) == {"https", "user", "password"}
    stranger_token = crm.stranger_token
    refused = api.call("GET", f"/api/orgs/{org_id}/webhooks", token=stranger_token, headers=ZH)
    english = api.call("GET", f"/api/orgs/{org_id}/webhooks", token=stranger_token, headers={"Accept-Language": "en"})
    assert refused.status_code == english.status_code and refused.get_json()["message"] != english.get_json()["message"]
    assert not english_left(refused.get_json()["message"])
    gone = api.call("DELETE", f"/api/orgs/{org_id}/webhooks/nope", token=token, headers=ZH)
    assert gone.status_code == 404 and gone.get_json()["message"] == "该组织中没有这个网络钩子。"
