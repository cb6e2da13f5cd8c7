"""Every vendors page in Simplified Chinese for a person whose setting is zh-CN: rows, forms, buttons, badges, the
shortlist's plain-words reasons and empty states hold no English left over (issue 17); API errors follow the caller."""
import pytest

from core.extensions import graph as graph_store
from tests.conftest import Api, make_app
from tests.trust.conftest import World
from tests.trust.test_certificates import administers
from tests.trust.test_moderation import grant
from tests.zh import ZH, english_left, sign_in_speaking_chinese

VALVES = "工业阀门"
# Tokens not translated: user-entered data (domains, a part number, an issuer), example domains, standards and file
# formats.
DATA = {"DN", "TUV", "hzvalves", "example", "cn", "com", "valves", "CE", "JPEG", "PNG", "MB", "https"}
# The shared macro message_button (templates/_macros.html) belongs to core's catalog, not trust's.
SHARED = {"Message"}


@pytest.fixture
def app(db_url, graph_db, tmp_path):
    """The app, with a file store of this test's own."""
    application = make_app(db_url, STORAGE_DIR=str(tmp_path / "files"))
    yield application
    graph_store.close()


@pytest.fixture
def world(app):
    """Everyone else acts through the API from a client of their own (the page client holds a session cookie)."""
    return World(Api(app.test_client()))


@pytest.fixture
def zh(client, api):
    user, token = sign_in_speaking_chinese(client, api)
    return {**user, "token": token}


def page(client, path, status=200):
    response = client.get(path, headers={"Accept-Language": "en"})  # the person's setting wins over the browser
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert english_left(html) - DATA - SHARED == set(), path
    return html


@pytest.fixture
def vendor(app, world, zh):
    """A vendor page the Chinese speaker runs, with a certificate, reviews by near people and an expert endorsement."""
    friend, colleague, expert = world.person("王芳"), world.person("李娜"), world.person("赵磊")
    world.connect((zh, friend), (friend, colleague), (zh, expert))
    company = world.company(zh, "杭州阀门厂", [VALVES], industry="工业设备", domain="hzvalves.example.cn")
    administers(zh, company)
    world.seller(zh, company)
    cert = world.api.call("POST", f"/api/companies/{company['id']}/certifications", token=zh["token"], json={
        "name": "质量管理体系", "standard": "ISO 9001:2015", "issuer": "TUV", "number": "12 100 58231",
        "valid_from": "2024-01-15", "valid_until": "2099-01-14"})
    assert cert.status_code == 201, cert.get_json()
    assert world.review(friend, company, VALVES, 5, quality=5, delivery=4, service=5, delivered_on="2026-03-01",
                        comment="交货准时").status_code == 201
    assert world.review(colleague, company, VALVES, 4, comment="质量不错").status_code == 201
    granted = app.test_cli_runner().invoke(args=["admin", "expert", "grant", expert["email"], VALVES])
    assert granted.exit_code == 0, granted.output
    endorsed = world.api.call("POST", f"/api/companies/{company['id']}/endorsements", token=expert["token"],
                              json={"category": VALVES, "statement": "审核过他们的铸造厂。"})
    assert endorsed.status_code == 201, endorsed.get_json()
    return company


def test_the_company_page_with_reviews_certificates_and_endorsements(client, vendor):
    html = page(client, f"/vendors/companies/{vendor['id']}")
    for text in ("证书", "评价", "背书", "杭州阀门厂", "编辑公司主页", "添加证书", "评价一次交付", "举报"):
        assert text in html, text


def test_the_shortlist_says_why_in_chinese(client, vendor):
    html = page(client, f"/vendors/shortlist?category={VALVES}")
    assert "可信供应商短名单" in html and "平均" in html and "有效期至" in html


def test_asking_my_requests_a_request_and_the_inbox(app, client, world, zh):
    page(client, "/vendors/ask")
    page(client, "/vendors/requests")  # nothing asked yet
    friend = world.person("王芳", industry="工业设备")
    seller = world.person("孙强")
    world.connect((zh, friend))
    company = world.company(seller, "宁波泵业", [VALVES], industry="工业设备")
    world.seller(seller, company)
    asked = world.ask(zh, VALVES, details="需要 DN50 球阀", vendors_may_contact=True)
    assert asked.status_code == 201, asked.get_json()
    request_id = asked.get_json()["id"]
    assert world.answer(friend, request_id, company, comment="很可靠").status_code == 201
    assert "我的询价" in page(client, "/vendors/requests")
    assert "回答" in page(client, f"/vendors/requests/{request_id}")
    page(client, "/vendors/inbox")
    page(client, "/vendors/sellers")
    # The other side: a Chinese-speaking friend's inbox and the seller's view with the request in them.
    other = app.test_client()
    other_user, other_token = sign_in_speaking_chinese(other, Api(other), name="周燕")
    other_zh = {**other_user, "token": other_token}
    assert Api(app.test_client()).call("PATCH", "/api/me", token=other_token, json={"industry": "工业设备"}).status_code == 200
    world.connect((zh, other_zh))
    again = world.ask(zh, VALVES, details="急需", vendors_may_contact=True)
    assert again.status_code == 201
    assert "推荐" in page(other, "/vendors/inbox")
    page(other, f"/vendors/requests/{again.get_json()['id']}")


def test_the_sellers_view_with_an_opted_in_request(client, world, zh):
    buyer = world.person("陈静")
    company = world.company(zh, "苏州泵阀", [VALVES])
    world.seller(zh, company)
    assert world.ask(buyer, VALVES, details="询价", vendors_may_contact=True).status_code == 201
    assert "陈静" in page(client, "/vendors/sellers")


def test_empty_states(client, zh):
    page(client, "/vendors/companies?q=没有这家")
    page(client, "/vendors/inbox")
    html = page(client, "/vendors/shortlist")
    assert "短名单" in html


def test_an_empty_shortlist_and_a_bare_company_page(client, world, zh):
    company = world.company(zh, "无名公司", ["水泵"])
    page(client, f"/vendors/companies/{company['id']}")
    page(client, "/vendors/shortlist?category=水泵")


def test_moderation_for_a_moderator(app, client, world, zh):
    buyer, other = world.person("刘洋"), world.person("黄磊")
    company = world.company(buyer, "宁波泵业", ["水泵"])
    review = world.review(buyer, company, "水泵", 2, comment="迟到还漏水")
    assert review.status_code == 201
    grant(app, zh)
    assert "没有需要审核的内容" in page(client, "/admin/moderation")
    reported = world.api.call("POST", f"/api/reviews/{review.get_json()['id']}/flag", token=other["token"],
                              json={"reason": "竞争对手写的"})
    assert reported.status_code == 202, reported.get_json()
    html = page(client, "/admin/moderation")
    assert "竞争对手写的" in html and "隐藏" in html


def test_api_errors_of_vendors_speak_the_callers_language(world, zh):
    stranger = world.person("Stranger")
    chinese = world.api.call("POST", "/api/recommendation-requests/nope/close", token=stranger["token"], headers=ZH)
    assert chinese.status_code == 404 and chinese.get_json()["message"] == "没有这条询价请求。"
    english = world.api.call("POST", "/api/recommendation-requests/nope/close", token=stranger["token"],
                             headers={"Accept-Language": "en"})
    assert english.get_json()["message"] == "No such request."
