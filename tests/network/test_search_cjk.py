"""People and company search finds Chinese names (cjk full-text) and their pinyin; the /search page's three tabs."""
from core.extensions import graph
from network import service
from network.search_backfill import backfill_pinyin
from tests.network.test_network_pages import log_in

SPECIALS = ("AND (", '"', "张伟\"", "a:b", "\\", "*", "?", "NOT", "~1", "[a TO z]", "&& ||", "/", "^2", "{}", "-", "+")


def _company(company_id, name):
    service.upsert_companies(graph, [{"id": company_id, "name": name, "domain": None, "industry": "",
                                      "categories": []}])


def _people_found(people, me, text):
    response = people.call("GET", "/api/people", me, query_string={"q": text})
    assert response.status_code == 200, (text, response.get_json())
    return [hit["user"]["name"] for hit in response.get_json()["items"]]


def _companies_found(people, me, text):
    response = people.call("GET", "/api/companies", me, query_string={"q": text})
    assert response.status_code == 200, (text, response.get_json())
    return [company["name"] for company in response.get_json()["items"]]


def test_people_found_by_chinese_name_and_by_pinyin(people):
    me = people.add("Me Li")
    zhang_wei, _ = people.add("张伟", company="杭州阀门"), people.add("张强")
    people.add("Wang Fang", company="Acme")
    for text in ("张伟", "zhang wei", "zhangwei", "ZhangWei", "zw", "张伟 zhang"):
        assert _people_found(people, me, text)[0] == "张伟", text
    assert set(_people_found(people, me, "张")) == {"张伟", "张强"}
    assert set(_people_found(people, me, "zhang")) == {"张伟", "张强"}
    assert "Wang Fang" in _people_found(people, me, "wang")  # English names as before
    assert zhang_wei["id"]


def test_renaming_a_person_renames_their_pinyin(people):
    me, someone = people.add("Me Li"), people.add("李娜")
    assert _people_found(people, me, "lina") == ["李娜"]
    assert people.call("PATCH", "/api/me", someone, json={"name": "王芳"}).status_code == 200
    assert _people_found(people, me, "lina") == []
    assert _people_found(people, me, "wang fang") == ["王芳"]


def test_companies_found_by_chinese_name_and_by_pinyin(people):
    me = people.add("Me Li")
    _company("co-hz-valve", "杭州阀门")
    _company("co-acme", "Acme Valves")
    for text in ("杭州", "杭州阀门", "hangzhou", "hangzhou valve", "hangzhou famen", "hzfm"):
        assert _companies_found(people, me, text)[0] == "杭州阀门", text
    assert _companies_found(people, me, "cme") == ["Acme Valves"]  # name fragments as before
    assert "Acme Valves" in _companies_found(people, me, "valves")


def test_lucene_syntax_in_the_query_never_errors(app, people):
    me = people.add("Me Li")
    people.add("张伟")
    _company("co-hz-valve", "杭州阀门")
    browser = app.test_client()
    log_in(browser, me)
    for text in SPECIALS:
        for path in ("/api/people", "/api/companies"):
            response = people.call("GET", path, me, query_string={"q": text})
            assert response.status_code in (200, 400), (path, text)
        for tab in ("people", "companies", "messages"):
            assert browser.get("/search", query_string={"q": text, "tab": tab}).status_code in (200, 400), (tab, text)


def test_backfill_gives_existing_names_their_pinyin(people):
    me = people.add("Me Li")
    graph.write("CREATE (:Person {id: 'old-person', name: '陈静'}), (:Company {id: 'old-co', name: '宁波模具'})")
    assert _people_found(people, me, "chenjing") == []
    assert backfill_pinyin(graph) == 2
    assert backfill_pinyin(graph) == 0  # once is enough
    assert _people_found(people, me, "chen jing") == ["陈静"]
    assert _companies_found(people, me, "ningbo") == ["宁波模具"]


def test_search_page_tabs_show_people_companies_and_my_messages(app, people):
    me, friend, stranger, other = (people.add(n) for n in ("Me Li", "张伟", "Stranger Wu", "Other Chen"))
    _company("co-hz-valve", "杭州阀门")
    people.connect((me, friend), (stranger, other))
    mine = _conversation(people, me, friend)
    people.call("POST", f"/api/conversations/{mine}/messages", friend, json={"body": "杭州 valve quote ready",
                                                                              "client_msg_id": "m1"})
    theirs = _conversation(people, stranger, other)
    people.call("POST", f"/api/conversations/{theirs}/messages", other, json={"body": "secret valve price",
                                                                               "client_msg_id": "m2"})
    browser = app.test_client()
    log_in(browser, me)
    page = browser.get("/search?q=zhang+wei").get_data(as_text=True)
    assert "张伟" in page and 'href="/search?q=zhang+wei&amp;tab=companies"' in page
    companies = browser.get("/search?q=hangzhou&tab=companies").get_data(as_text=True)
    assert "杭州阀门" in companies and 'href="/vendors/companies/co-hz-valve"' in companies
    messages = browser.get("/search?q=valve&tab=messages").get_data(as_text=True)
    assert "杭州 valve quote ready" in messages and f'href="/chat?c={mine}"' in messages
    assert "secret valve price" not in messages
    assert browser.get("/search?q=valve&tab=nonsense").status_code == 400


def _conversation(people, creator, other):
    response = people.call("POST", "/api/conversations", creator, json={"participant_ids": [other["id"]]})
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()["id"]

