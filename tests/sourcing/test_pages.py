"""The sourcing pages through the test client: open a project, add candidates from the shortlist, score them on
the grid, change the criteria; forms with CSRF and field errors; outsiders get a 404."""
from tests.sourcing.conftest import CATEGORY
from tests.trust.test_pages import log_in


def test_open_a_project_add_from_the_shortlist_and_score_on_the_grid(app, market):
    li, token = log_in(app, market["li"])
    empty = li.post("/sourcing", data={"csrf_token": token, "org_id": market["org"]["id"], "title": "",
                                        "category": "Unobtainium"})
    body = empty.get_data(as_text=True)
    assert empty.status_code == 400 and "Give a title" in body
    opened = li.post("/sourcing", data={"csrf_token": token, "org_id": market["org"]["id"],
                                         "title": "<i>Valves</i> 2027", "category": CATEGORY.lower()})
    assert opened.status_code == 302
    url = opened.headers["Location"]
    board = li.get(url).get_data(as_text=True)
    assert "&lt;i&gt;Valves&lt;/i&gt; 2027" in board and "Acme Valves" in board and "Add as candidate" in board
    project_id = url.rsplit("/", 1)[1]
    added = li.post(f"/sourcing/{project_id}/candidates", data={"csrf_token": token, "company_id": market["acme"]["id"]})
    assert added.status_code == 302
    again = li.post(f"/sourcing/{project_id}/candidates", data={"csrf_token": token, "company_id": market["acme"]["id"]})
    assert again.status_code == 409 and "already" in again.get_data(as_text=True)

    half = li.post(f"/sourcing/{project_id}/scores", data={"csrf_token": token, "company_id": market["acme"]["id"],
                                                           "score:Technical": "4"})
    assert half.status_code == 400 and "Score this criterion from 1 to 5." in half.get_data(as_text=True)
    full = {f"score:{name}": "4" for name in ("Technical", "Commercial", "Delivery", "Service")}
    saved = li.post(f"/sourcing/{project_id}/scores", data={"csrf_token": token, "company_id": market["acme"]["id"],
                                                            "comment": "solid", **full})
    assert saved.status_code == 302
    grid = li.get(f"/sourcing/{project_id}/scores").get_data(as_text=True)
    assert "solid" in grid and "4.00" in grid
    assert "4.00" in li.get(url).get_data(as_text=True)

    stranger, _ = log_in(app, market["outsider"])
    assert stranger.get(url).status_code == 404 and stranger.get(f"/sourcing/{project_id}/scores").status_code == 404


def test_criteria_change_on_the_board(app, market):
    li, token = log_in(app, market["li"])
    project = market["world"].project(market["org"], market["li"])
    changed = li.post(f"/sourcing/{project['id']}/criteria", data={
        "csrf_token": token, "name": ["Price", "Quality", ""], "weight": ["3", "1", ""]})
    assert changed.status_code == 302
    assert [(c["name"], c["weight"]) for c in market["world"].show(project, market["li"]).get_json()["criteria"]] == [
        ("Price", 75), ("Quality", 25)]
    bad = li.post(f"/sourcing/{project['id']}/criteria", data={"csrf_token": token, "name": ["Price"], "weight": ["0"]})
    assert bad.status_code == 400 and "A weight above 0" in bad.get_data(as_text=True)


def test_the_projects_page_lists_the_teams_projects_only(app, market):
    market["world"].project(market["org"], market["li"], title="Valves for Tianjin")
    wang, _ = log_in(app, market["wang"])
    assert "Valves for Tianjin" in wang.get("/sourcing").get_data(as_text=True)
    outsider, _ = log_in(app, market["outsider"])
    page = outsider.get("/sourcing").get_data(as_text=True)
    assert "Valves for Tianjin" not in page and "create an organization" in page
