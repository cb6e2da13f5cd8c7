"""Sourcing in Chinese (issue 17): every sourcing page, with rows, forms, buttons and each state of the decision, holds
no English left over for a person whose setting is zh-CN; flash messages, form errors and API errors speak Chinese,
and English callers still get English."""
import io
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from core.db import utc_today
from core.extensions import graph as graph_store
from demo import certificate_pdf
from tests.conftest import make_app
from tests.sourcing.test_rfqs import log_in
from tests.zh import ZH, english_left

CATEGORY = "球阀"
EN = {"Accept-Language": "en"}
PDF = certificate_pdf(["Q-2026-114"])
CRITERIA = ("Technical", "Commercial", "Delivery", "Service")
REASONS = re.compile(r'<ul class="reasons">.*?</ul>', re.S)
# Codes a Chinese page names as they are: currencies (ISO 4217), file formats, the unit of the size limit, and the
# extension of the uploaded file's own name.
CODES = {"CNY", "USD", "EUR", "PNG", "JPEG", "MB", "pdf"}
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # a deal's id, shown for reference


@pytest.fixture
def app(db_url, graph_db, tmp_path):
    """The app, with a file store of this test's own (quote attachments)."""
    application = make_app(db_url, STORAGE_DIR=str(tmp_path / "files"))
    yield application
    graph_store.close()


def person(world, name):
    """A person whose setting is zh-CN (Chinese name, ASCII e-mail)."""
    found = world.person(name, email=f"p{uuid.uuid4().hex[:10]}@example.com")
    assert world.api.call("PATCH", "/api/me", token=found["token"], json={"locale": "zh-CN"}).status_code == 200
    return found


@pytest.fixture
def zh(sourcing):
    """Buyer 李娜 (admin) with teammate 王伟; vendors 华阀科技 (verified seller 陈浩, reviewed by Li's contact 钱波) and
    北辰流体; a project with both as candidates, scored by Li."""
    w = sourcing
    li, wang, chen, qian, sun = (person(w, n) for n in ("李娜", "王伟", "陈浩", "钱波", "孙宇"))
    huafa = w.company(chen, "华阀科技", [CATEGORY], domain="huafa.example")
    beichen = w.company(chen, "北辰流体", [CATEGORY])
    third = w.company(chen, "杭州阀门厂", [CATEGORY])
    w.seller(chen, huafa)
    w.connect((li, qian))
    assert w.review(qian, huafa, CATEGORY, 5, comment="交货准时，密封良好").status_code == 201
    assert w.review(qian, third, CATEGORY, 4, comment="价格合理").status_code == 201
    org = w.team("天津工厂采购部", li, wang)
    project = w.project(org, li, category=CATEGORY, title="天津工厂球阀", need="三百个球阀", due_on=str(utc_today() + timedelta(days=20)))
    for company in (huafa, beichen):
        assert w.add(project, li, company).status_code == 201
    assert w.score(project, li, huafa, {c: 4 for c in CRITERIA}, comment="不错").status_code == 200
    assert w.score(project, wang, huafa, {"Technical": 2, "Commercial": 5, "Delivery": 4, "Service": 4}).status_code == 200
    return {"w": w, "li": li, "wang": wang, "chen": chen, "sun": sun, "huafa": huafa, "beichen": beichen,
            "org": org, "project": project}


def sourcing_english(html: str) -> set[str]:
    """English left in a page, leaving out the shortlist's reasons: trust writes them (trust/reasons.py), and the
    board shows them as trust wrote them (a candidate keeps the reasons of the day it was added)."""
    return english_left(IDS.sub("", REASONS.sub("", html))) - CODES


def chinese_page(client, path, *expected):
    """GET a page: 200, <html lang="zh-CN">, no English left, and the expected Chinese texts on it."""
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<html lang="zh-CN">' in html
    assert sourcing_english(html) == set(), path
    for text in expected:
        assert text in html, (path, text)
    return html


def chinese_after(response, client, *expected):
    """A form's answer: the redirect's page (with its flash message) is Chinese through and through."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return chinese_page(client, response.headers["Location"], *expected)


def send_rfq(z, client, token):
    when = (datetime.now(timezone.utc) + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    sent = client.post(f"/sourcing/{z['project']['id']}/rfq", data={"csrf_token": token, "message": "请报价三百个球阀",
                                                                    "respond_by": when})
    return chinese_after(sent, client, "询价")


def test_the_open_board_scoring_rfqs_and_quotes_speak_chinese(zh, app):
    z = zh
    buyer, token = log_in(app, z["li"])
    chinese_page(buyer, "/sourcing", "天津工厂球阀", "采购项目")
    board = f"/sourcing/{z['project']['id']}"
    chinese_page(buyer, board, "候选", "杭州阀门厂", "技术")
    chinese_page(buyer, board + "/scores", "评分")
    scored = buyer.post(board + "/scores", data={"csrf_token": token, "company_id": z["beichen"]["id"],
                                                 **{f"score:{c}": "3" for c in CRITERIA}})
    chinese_after(scored, buyer)
    send_rfq(z, buyer, token)

    vendor, vendor_token = log_in(app, z["chen"])
    chinese_page(vendor, "/rfqs", "天津工厂球阀")
    rfq_id = z["w"].api.call("GET", "/api/rfqs", token=z["chen"]["token"]).get_json()["items"][0]["id"]
    chinese_page(vendor, f"/rfqs/{rfq_id}", "请报价三百个球阀")
    terms = {"price": "12500.00", "currency": "CNY", "lead_time_days": "21", "note": "含运费",
             "valid_until": str(utc_today() + timedelta(days=30)), "company_id": z["huafa"]["id"]}
    done = vendor.post(f"/rfqs/{rfq_id}", data={"csrf_token": vendor_token, **terms,
                                                "attachment": (io.BytesIO(PDF), "报价单.pdf")},
                       content_type="multipart/form-data")
    chinese_after(done, vendor, "12,500.00", "报价单.pdf")
    chinese_page(vendor, "/rfqs", "12,500.00")
    chinese_page(buyer, board, "12,500.00", "含运费", "报价单.pdf")


def test_proposal_rejection_decision_and_deal_pages_speak_chinese(zh, app):
    z = zh
    board = f"/sourcing/{z['project']['id']}"
    proposer, proposer_token = log_in(app, z["wang"])
    proposed = proposer.post(board + "/decision", data={"csrf_token": proposer_token, "company_id": z["beichen"]["id"],
                                                        "rationale": "价格最低"})
    chinese_after(proposed, proposer, "价格最低")
    admin, token = log_in(app, z["li"])
    chinese_page(admin, board, "价格最低", "北辰流体")
    rejected = admin.post(board + "/decision/reject", data={"csrf_token": token, "reason": "交期太长"})
    chinese_after(rejected, admin, "交期太长")
    again = admin.post(board + "/decision", data={"csrf_token": token, "company_id": z["huafa"]["id"],
                                                  "rationale": "评分最高"})
    chinese_after(again, admin, "评分最高")
    rule = admin.post(board + "/approval-settings", data={"csrf_token": token, "approvals_required": "1"})
    chinese_after(rule, admin)
    decided = admin.post(board + "/decision/approve", data={"csrf_token": token})
    chinese_after(decided, admin, "华阀科技")
    chinese_page(admin, board + "/scores", "评分")

    deal_id = z["w"].show(z["project"], z["li"]).get_json()["decision"]["deal_id"]
    chinese_page(admin, "/deals", "华阀科技")
    chinese_page(admin, f"/deals/{deal_id}", "华阀科技")
    delivered_on = (date.today() - timedelta(days=3)).isoformat()
    marked = admin.post(f"/deals/{deal_id}/delivered", data={"csrf_token": token, "delivered_on": delivered_on})
    chinese_after(marked, admin)

    vendor, vendor_token = log_in(app, z["chen"])
    chinese_page(vendor, "/deals", "天津工厂采购部")
    chinese_page(vendor, f"/deals/{deal_id}", "天津工厂采购部")
    paid = vendor.post(f"/deals/{deal_id}/payment", data={"csrf_token": vendor_token, "on_time": "false",
                                                          "paid_on": date.today().isoformat()})
    chinese_after(paid, vendor)
    chinese_page(admin, f"/deals/{deal_id}")


def test_empty_states_speak_chinese(sourcing, app):
    w = sourcing
    loner, teamed = person(w, "周敏"), person(w, "吴磊")
    org = w.team("深圳采购组", teamed)
    w.company(teamed, "深圳阀门", [CATEGORY])
    client, _ = log_in(app, loner)
    chinese_page(client, "/sourcing")
    chinese_page(client, "/rfqs")
    chinese_page(client, "/deals")
    client, _ = log_in(app, teamed)
    chinese_page(client, "/sourcing", "深圳采购组")
    project = w.project(org, teamed, category=CATEGORY, title="深圳泵阀")
    chinese_page(client, f"/sourcing/{project['id']}", "深圳泵阀")
    chinese_page(client, f"/sourcing/{project['id']}/scores", "深圳泵阀")


def test_form_errors_speak_chinese(zh, app):
    z = zh
    buyer, token = log_in(app, z["li"])
    empty = buyer.post("/sourcing", data={"csrf_token": token, "org_id": z["org"]["id"], "title": "", "category": ""})
    html = empty.get_data(as_text=True)
    assert empty.status_code == 400 and sourcing_english(html) == set()
    past = buyer.post(f"/sourcing/{z['project']['id']}/rfq", data={"csrf_token": token, "message": "",
                                                                    "respond_by": "2020-01-01T10:00"})
    html = past.get_data(as_text=True)
    assert past.status_code == 400 and sourcing_english(html) == set() and 'aria-invalid="true"' in html
    half = buyer.post(f"/sourcing/{z['project']['id']}/scores", data={"csrf_token": token,
                                                                      "company_id": z["huafa"]["id"], "score:Technical": "4"})
    assert half.status_code == 400 and sourcing_english(half.get_data(as_text=True)) == set()
    no_reasons = buyer.post(f"/sourcing/{z['project']['id']}/decision", data={"csrf_token": token,
                                                                              "company_id": z["huafa"]["id"]})
    assert no_reasons.status_code == 400 and sourcing_english(no_reasons.get_data(as_text=True)) == set()
    send_rfq(z, buyer, token)
    vendor, vendor_token = log_in(app, z["chen"])
    rfq_id = z["w"].api.call("GET", "/api/rfqs", token=z["chen"]["token"]).get_json()["items"][0]["id"]
    bad = vendor.post(f"/rfqs/{rfq_id}", data={"csrf_token": vendor_token, "price": "-3", "currency": "yuan",
                                               "lead_time_days": "x", "valid_until": "2020-01-01",
                                               "company_id": z["huafa"]["id"]})
    assert bad.status_code == 400 and sourcing_english(bad.get_data(as_text=True)) == set()


def test_the_buyers_payment_record_speaks_chinese_to_sellers(zh, app):
    z, w = zh, zh["w"]
    board = w.api.call
    assert board("POST", f"/api/sourcing/{z['project']['id']}/decision", token=z["li"]["token"],
                 json={"company_id": z["huafa"]["id"], "rationale": "评分最高"}).status_code == 202
    assert board("PUT", f"/api/orgs/{z['org']['id']}/sourcing/settings", token=z["li"]["token"],
                 json={"approvals_required": 1}).status_code == 200
    deal = board("POST", f"/api/sourcing/{z['project']['id']}/decision/approve", token=z["li"]["token"]).get_json()["deal"]
    assert board("POST", f"/api/deals/{deal['id']}/delivered", token=z["li"]["token"],
                 json={"delivered_on": date.today().isoformat()}).status_code == 200
    assert board("POST", f"/api/deals/{deal['id']}/payment", token=z["chen"]["token"],
                 json={"on_time": True, "paid_on": date.today().isoformat()}).status_code == 200
    assert w.ask(z["wang"], CATEGORY, details="DN80 闸阀", vendors_may_contact=True).status_code == 201
    seller, _ = log_in(app, z["chen"])
    html = seller.get("/vendors/sellers").get_data(as_text=True)
    [record] = re.findall(r'<p class="payment-record">(.*?)</p>', html, re.S)
    assert english_left(record) == set() and "天津工厂采购部" in record and "100%" in record


def test_api_errors_speak_the_callers_language(zh):
    z, call = zh, zh["w"].api.call
    missing = call("GET", "/api/sourcing/no-such-project", token=z["li"]["token"], headers=ZH)
    assert missing.status_code == 404 and english_left(missing.get_json()["message"]) == set()
    bad = call("POST", f"/api/sourcing/{z['project']['id']}/rfq", token=z["sun"]["token"], headers=ZH,
               json={"message": "", "respond_by": "2020-01-01T00:00:00Z"})
    assert bad.status_code in (400, 404)
    scores = call("PUT", f"/api/sourcing/{z['project']['id']}/candidates/{z['huafa']['id']}/scores",
                  token=z["li"]["token"], headers=ZH, json={"scores": {"Technical": 4, "Price": 3}})
    body = scores.get_json()
    assert scores.status_code == 400 and english_left(body["message"]) == set()
    assert english_left(" ".join(m for ms in body["fields"].values() for m in ms)) == set()
    # English stays English, for the caller whose setting is unset and whose browser asks for English
    english = call("GET", "/api/sourcing/no-such-project", token=z["w"].person("Zhou")["token"], headers=EN)
    assert english.status_code == 404 and english.get_json()["message"] == "No such sourcing project."
