"""RFQs and quotes: the team asks its candidates for a quote, their verified staff hear of it and answer until the
deadline, the team compares quotes beside its scores, and each side talks to the other; no vendor sees another's."""
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from core.db import utc_today
from core.extensions import graph as graph_store
from demo import certificate_pdf
from sourcing.models import Rfq
from tests.conftest import PASSWORD, csrf_from, make_app
from tests.sourcing.conftest import CATEGORY

PDF = certificate_pdf(["Quotation Q-2026-114", "Acme Valves"])
TERMS = {"price": "12500.00", "currency": "CNY", "lead_time_days": 21, "valid_until": str(utc_today() + timedelta(days=30)),
         "note": "DN50, PN40, incl. delivery to Tianjin"}


@pytest.fixture
def app(db_url, graph_db, tmp_path):
    """The app, with a file store of this test's own (the suite's default folder is shared by every test)."""
    application = make_app(db_url, STORAGE_DIR=str(tmp_path / "files"))
    yield application
    graph_store.close()


def later(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta or {"days": 7})).isoformat()


@pytest.fixture
def rfq_world(market, sourcing):
    """Market plus Cathay Seals (verified seller Ma), an unverified Acme employee Gao, and Delta Pumps (verified
    seller Fu) that is not a candidate; a project with Acme and Cathay as candidates."""
    ma, gao, fu = sourcing.person("Ma Lin"), sourcing.person("Gao Yun"), sourcing.person("Fu Lei")
    cathay = sourcing.company(ma, "Cathay Seals", [CATEGORY])
    delta = sourcing.company(fu, "Delta Pumps", [CATEGORY])
    sourcing.seller(ma, cathay)
    sourcing.seller(fu, delta)
    sourcing.works_at(gao, market["acme"])
    project = sourcing.project(market["org"], market["li"])
    for company in (market["acme"], cathay):
        assert sourcing.add(project, market["li"], company).status_code == 201
    return {**market, "ma": ma, "gao": gao, "fu": fu, "cathay": cathay, "delta": delta, "project": project}


def send(w, by="li", **body):
    return w["world"].api.call("POST", f"/api/sourcing/{w['project']['id']}/rfq", token=w[by]["token"],
                               json={"message": "300 DN50 ball valves, PN40", "respond_by": later(), **body})


def quote(w, rfq_id, by="chen", files=None, **terms):
    url = f"/api/rfqs/{rfq_id}/quotes"
    body = {**TERMS, **terms}
    if files is None:
        return w["world"].api.call("POST", url, token=w[by]["token"], json=body)
    return w["world"].api.call("POST", url, token=w[by]["token"], data={**body, **files},
                               content_type="multipart/form-data")


def get(w, path, by):
    return w["world"].api.call("GET", path, token=w[by]["token"])


def notices(w, by, kind):
    return [n for n in get(w, "/api/notifications", by).get_json()["items"] if n["kind"] == kind]


def test_an_rfq_reaches_the_verified_staff_of_each_candidate_and_no_one_else(rfq_world):
    w = rfq_world
    sent = send(w)
    assert sent.status_code == 201, sent.get_json()
    rfq = sent.get_json()
    assert rfq["project_id"] == w["project"]["id"] and rfq["message"] == "300 DN50 ball valves, PN40"
    assert sorted(c["name"] for c in rfq["companies"]) == ["Acme Valves", "Cathay Seals"]
    for seller in ("chen", "ma"):
        [notice] = notices(w, seller, "rfq")
        assert notice["link"] == f"/rfqs/{rfq['id']}" and "Tianjin Plant Buying" in notice["text"]
    for nobody in ("gao", "fu", "outsider", "li", "wang"):
        assert notices(w, nobody, "rfq") == []
    [item] = get(w, "/api/rfqs", "chen").get_json()["items"]
    assert item["id"] == rfq["id"] and item["company"] == {"id": w["acme"]["id"], "name": "Acme Valves"}
    assert item["buyer_org"] == {"id": w["org"]["id"], "name": "Tianjin Plant Buying"} and item["my_quote"] is None
    assert item["project"] == {"title": "Valves for Tianjin", "category": CATEGORY}
    for nobody in ("gao", "fu", "li"):  # unverified staff, another vendor, a buyer: nothing in their inbox
        assert get(w, "/api/rfqs", nobody).get_json()["items"] == []
    assert "rfq_sent" in [h["kind"] for h in w["world"].show(w["project"], w["wang"]).get_json()["history"]]


def test_sending_an_rfq_checks_who_what_and_when(rfq_world, sourcing):
    w = rfq_world
    for outsider in ("outsider", "chen"):
        assert send(w, by=outsider).status_code == 404
    bad = send(w, message="  ", respond_by=later(days=-1))
    assert bad.status_code == 400 and set(bad.get_json()["fields"]) == {"message", "respond_by"}
    assert send(w, respond_by="next friday").get_json()["fields"].keys() == {"respond_by"}
    empty = sourcing.project(w["org"], w["li"], title="Pumps later")
    refused = w["world"].api.call("POST", f"/api/sourcing/{empty['id']}/rfq", token=w["li"]["token"],
                                  json={"message": "Quote please", "respond_by": later()})
    assert refused.status_code == 409


def test_a_quote_is_replaced_until_respond_by_then_refused(rfq_world, app):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    first = quote(w, rfq_id)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["price"] == "12500.00" and first.get_json()["lead_time_days"] == 21
    [notice] = notices(w, "wang", "quote")
    assert "Acme Valves" in notice["text"] and notice["data"]["rfq_id"] == rfq_id
    again = quote(w, rfq_id, price=11900.5, lead_time_days=18)
    assert again.status_code == 200 and again.get_json()["price"] == "11900.50"
    [item] = get(w, "/api/rfqs", "chen").get_json()["items"]
    assert item["my_quote"]["price"] == "11900.50" and item["my_quote"]["lead_time_days"] == 18
    board = w["world"].show(w["project"], w["li"]).get_json()
    assert [c["quote"]["price"] for c in board["candidates"] if c["quote"]] == ["11900.50"]
    kinds = [h["kind"] for h in board["history"]]
    assert kinds.count("quote_received") == 1 and kinds.count("quote_replaced") == 1
    with app.app_context():
        session = app.extensions["sql_sessions"]()
        session.execute(update(Rfq).where(Rfq.id == rfq_id).values(respond_by=datetime.now(timezone.utc) - timedelta(minutes=1)))
        session.commit()
        session.close()
    assert quote(w, rfq_id, price="1.00").status_code == 409
    assert get(w, "/api/rfqs", "chen").get_json()["items"][0]["my_quote"]["price"] == "11900.50"


def test_bad_quote_terms_are_named_each(rfq_world):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    bad = quote(w, rfq_id, price="12.345", currency="usd", lead_time_days=12.5,
                valid_until=str(utc_today() - timedelta(days=1)))
    assert bad.status_code == 400
    assert set(bad.get_json()["fields"]) == {"price", "currency", "lead_time_days", "valid_until"}
    worse = quote(w, rfq_id, price=0, currency="EURO", lead_time_days=3651, valid_until="soon")
    assert set(worse.get_json()["fields"]) == {"price", "currency", "lead_time_days", "valid_until"}
    assert set(quote(w, rfq_id, price="NaN", lead_time_days=-1).get_json()["fields"]) == {"price", "lead_time_days"}
    assert quote(w, rfq_id, price="abc").get_json()["fields"].keys() == {"price"}


def test_an_attachment_is_checked_by_its_bytes_and_reaches_only_the_two_sides(rfq_world):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    fake = quote(w, rfq_id, files={"attachment": (io.BytesIO(b"<html>not a quote</html>"), "quote.pdf")})
    assert fake.status_code == 400 and set(fake.get_json()["fields"]) == {"attachment"}
    sent = quote(w, rfq_id, files={"attachment": (io.BytesIO(PDF), "Q-2026-114.pdf")})
    assert sent.status_code == 201, sent.get_json()
    assert sent.get_json()["has_attachment"] and sent.get_json()["attachment"]["name"] == "Q-2026-114.pdf"
    url = f"/api/rfqs/{rfq_id}/quotes/{w['acme']['id']}/attachment"
    for allowed in ("li", "zhao", "chen"):
        download = get(w, url, allowed)
        assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("attachment;")
    for refused in ("ma", "fu", "gao", "outsider"):
        assert get(w, url, refused).status_code == 404


def test_another_vendor_sees_nothing_of_a_competitors_rfq_part(rfq_world):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    assert quote(w, rfq_id).status_code == 201
    seen = get(w, f"/api/rfqs/{rfq_id}?company_id={w['acme']['id']}", "ma").get_json()
    assert seen["company"]["id"] == w["cathay"]["id"] and seen["my_quote"] is None and "companies" not in seen
    for outsider in ("fu", "gao", "outsider"):
        assert get(w, f"/api/rfqs/{rfq_id}", outsider).status_code == 404
        assert quote(w, rfq_id, by=outsider).status_code == 404
    assert quote(w, rfq_id, by="ma", company_id=w["acme"]["id"]).status_code == 404  # not Ma's company
    assert quote(w, rfq_id, by="li").status_code == 404  # buyers read the RFQ but do not quote
    team = get(w, f"/api/rfqs/{rfq_id}", "wang").get_json()
    assert {c["name"]: c["answered"] for c in team["companies"]} == {"Acme Valves": True, "Cathay Seals": False}


def test_the_team_sees_quotes_beside_its_scores_and_vendors_never_see_the_board(rfq_world):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    assert quote(w, rfq_id, files={"attachment": (io.BytesIO(PDF), "q.pdf")}).status_code == 201
    assert quote(w, rfq_id, by="ma", price="9800", currency="CNY", lead_time_days=35).status_code == 201
    board = w["world"].show(w["project"], w["zhao"]).get_json()
    quotes = {c["company"]["name"]: c["quote"] for c in board["candidates"]}
    assert quotes["Acme Valves"]["price"] == "12500.00" and quotes["Acme Valves"]["has_attachment"] is True
    assert quotes["Cathay Seals"]["price"] == "9800.00" and quotes["Cathay Seals"]["lead_time_days"] == 35
    assert quotes["Cathay Seals"]["cheapest"] and not quotes["Acme Valves"]["cheapest"]
    assert quotes["Acme Valves"]["fastest"] and not quotes["Cathay Seals"]["fastest"]
    assert quotes["Acme Valves"]["rfq_id"] == rfq_id and quotes["Acme Valves"]["valid_until"] == TERMS["valid_until"]
    for vendor in ("chen", "ma"):
        assert w["world"].show(w["project"], w[vendor]).status_code == 404


def test_staff_of_two_recipients_name_the_company_they_quote_for(rfq_world):
    w = rfq_world
    graph_store.write("MATCH (p:Person {id: $p}), (c:Company {id: $c}) "
                      "MERGE (p)-[w:WORKS_AT]->(c) SET w.from = 2024, w.verified_at = datetime()",
                      p=w["chen"]["id"], c=w["cathay"]["id"])
    rfq_id = send(w).get_json()["id"]
    assert len(get(w, "/api/rfqs", "chen").get_json()["items"]) == 2
    unnamed = quote(w, rfq_id)
    assert unnamed.status_code == 400 and set(unnamed.get_json()["fields"]) == {"company_id"}
    named = quote(w, rfq_id, company_id=w["cathay"]["id"])
    assert named.status_code == 201 and named.get_json()["company_id"] == w["cathay"]["id"]


def test_an_rfq_opens_one_conversation_per_vendor_with_the_team_and_its_verified_staff(rfq_world):
    w = rfq_world
    rfq_id = send(w).get_json()["id"]
    url = f"/api/rfqs/{rfq_id}/companies/{w['acme']['id']}/conversation"
    opened = w["world"].api.call("POST", url, token=w["li"]["token"])
    assert opened.status_code == 201, opened.get_json()
    conversation_id = opened.get_json()["conversation_id"]
    again = w["world"].api.call("POST", url, token=w["chen"]["token"])
    assert again.status_code == 200 and again.get_json()["conversation_id"] == conversation_id
    for refused in ("ma", "gao", "outsider"):
        assert w["world"].api.call("POST", url, token=w[refused]["token"]).status_code == 404
    [shown] = [c for c in get(w, "/api/conversations", "chen").get_json()["items"] if c["id"] == conversation_id]
    assert shown["title"] == "Valves for Tianjin · Acme Valves"
    assert {p["name"] for p in shown["participants"]} == {"Li Na", "Wang Wei", "Zhao Min", "Chen Hao"}
    said = w["world"].api.call("POST", f"/api/conversations/{conversation_id}/messages", token=w["chen"]["token"],
                               json={"body": "Can you take PN25 instead?", "client_msg_id": "rfq-1"})
    assert said.status_code == 201
    assert get(w, f"/api/conversations/{conversation_id}/messages", "ma").status_code in (403, 404)


def log_in(app, person):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"csrf_token": token, "email": person["email"], "password": PASSWORD}).status_code == 302
    return client, token


def test_pages_send_an_rfq_answer_it_and_compare_the_quotes(rfq_world, app):
    w = rfq_world
    buyer, token = log_in(app, w["li"])
    board_url = f"/sourcing/{w['project']['id']}"
    assert 'id="send-rfq"' in buyer.get(board_url).get_data(as_text=True)
    empty = buyer.post(board_url + "/rfq", data={"csrf_token": token, "message": "", "respond_by": "2020-01-01T10:00"})
    html = empty.get_data(as_text=True)
    assert empty.status_code == 400 and "Give a moment in the future." in html and 'aria-invalid="true"' in html
    when = (datetime.now(timezone.utc) + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    sent = buyer.post(board_url + "/rfq", data={"csrf_token": token, "message": "Quote <b>300</b> valves",
                                                "respond_by": when})
    assert sent.status_code == 302
    vendor, vendor_token = log_in(app, w["chen"])
    inbox = vendor.get("/rfqs").get_data(as_text=True)
    assert "Valves for Tianjin" in inbox and "Tianjin Plant Buying" in inbox
    rfq_id = get(w, "/api/rfqs", "chen").get_json()["items"][0]["id"]
    page = vendor.get(f"/rfqs/{rfq_id}").get_data(as_text=True)
    assert "Quote &lt;b&gt;300&lt;/b&gt; valves" in page and 'name="attachment"' in page
    form = {"csrf_token": vendor_token, **{k: str(v) for k, v in TERMS.items()}, "company_id": w["acme"]["id"]}
    bad = vendor.post(f"/rfqs/{rfq_id}", data={**form, "price": "-3"})
    assert bad.status_code == 400 and "A price above 0." in bad.get_data(as_text=True)
    done = vendor.post(f"/rfqs/{rfq_id}", data={**form, "attachment": (io.BytesIO(PDF), "q.pdf")},
                       content_type="multipart/form-data")
    assert done.status_code == 302
    assert "CN¥12,500.00" in vendor.get(f"/rfqs/{rfq_id}").get_data(as_text=True)
    board = buyer.get(board_url).get_data(as_text=True)
    assert "CN¥12,500.00" in board and 'aria-label="Open conversation with Acme Valves"' in board
    talk = buyer.post(f"/rfqs/{rfq_id}/companies/{w['acme']['id']}/conversation", data={"csrf_token": token})
    assert talk.status_code == 302 and "/chat?c=" in talk.headers["Location"]
