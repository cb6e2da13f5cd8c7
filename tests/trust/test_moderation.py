"""Reports and moderation: anyone reports a review, platform admins (granted on the command line) hide or keep
it with a logged reason, a hidden review stops showing and counting, and nobody else reaches the queue."""
import pytest

from core.db import get_session
from trust import moderation
from tests.conftest import csrf_from
from tests.trust.test_pages import log_in


@pytest.fixture
def reviewed(app, world):
    """A vendor with one review by a buyer; two other people and a would-be moderator."""
    buyer, other, third, moderator = (world.person(n) for n in ("Buyer Li", "Other Wang", "Third Zhao", "Mod Chen"))
    vendor = world.company(buyer, "Ningbo Pumps", ["Pumps"])
    review = world.review(buyer, vendor, "Pumps", 2, comment="Late and leaking")
    assert review.status_code == 201, review.get_json()
    return {"buyer": buyer, "other": other, "third": third, "moderator": moderator, "vendor": vendor,
            "review_id": review.get_json()["id"], "app": app}


def grant(app, person, command="grant"):
    result = app.test_cli_runner().invoke(args=["admin", command, person["email"]])
    assert result.exit_code == 0, result.output
    return result.output


def test_reports_queue_and_a_hidden_review_stops_showing_and_counting(api, world, reviewed):
    rid, vendor = reviewed["review_id"], reviewed["vendor"]
    for reporter, reason in ((reviewed["other"], "Written by a competitor"), (reviewed["other"], "Again"),
                             (reviewed["third"], "Fake")):
        flagged = api.call("POST", f"/api/reviews/{rid}/flag", token=reporter["token"], json={"reason": reason})
        assert flagged.status_code == 202 and flagged.get_json() == {"review_id": rid, "status": "queued"}
    assert "platform admin" in grant(reviewed["app"], reviewed["moderator"])
    mod = reviewed["moderator"]["token"]
    [item] = api.call("GET", "/api/admin/moderation", token=mod).get_json()["items"]
    assert item["review"]["id"] == rid and item["review"]["comment"] == "Late and leaking"
    assert sorted(r["reason"] for r in item["reports"]) == ["Fake", "Written by a competitor"]  # one per person

    assert [r["rating"] for r in world.shortlist(reviewed["other"], "Pumps")[0]["evidence"]] == [2]
    hidden = api.call("POST", f"/api/admin/reviews/{rid}/moderation", token=mod, json={"action": "hide", "reason": "Competitor"})
    assert hidden.status_code == 200 and hidden.get_json() == {"review_id": rid, "action": "hide", "hidden": True}
    assert api.call("GET", "/api/admin/moderation", token=mod).get_json()["items"] == []
    page = api.call("GET", f"/api/companies/{vendor['id']}", token=reviewed["other"]["token"]).get_json()
    assert page["reviews"] == []
    assert world.shortlist(reviewed["other"], "Pumps") == []  # no evidence left

    shown = api.call("POST", f"/api/admin/reviews/{rid}/moderation", token=mod, json={"action": "show", "reason": "Appeal upheld"})
    assert shown.status_code == 200 and shown.get_json()["hidden"] is False
    assert [r["rating"] for r in world.shortlist(reviewed["other"], "Pumps")[0]["evidence"]] == [2]
    with reviewed["app"].app_context():
        log = moderation.decisions(get_session(), rid)
    assert [(d["action"], d["reason"]) for d in log] == [("hide", "Competitor"), ("show", "Appeal upheld")]


def test_keep_closes_the_reports_and_a_new_report_reopens_it(api, reviewed):
    rid = reviewed["review_id"]
    api.call("POST", f"/api/reviews/{rid}/flag", token=reviewed["other"]["token"], json={"reason": "Unfair"})
    grant(reviewed["app"], reviewed["moderator"])
    mod = reviewed["moderator"]["token"]
    kept = api.call("POST", f"/api/admin/reviews/{rid}/moderation", token=mod, json={"action": "keep", "reason": "Fair criticism"})
    assert kept.get_json() == {"review_id": rid, "action": "keep", "hidden": False}
    assert api.call("GET", "/api/admin/moderation", token=mod).get_json()["items"] == []
    api.call("POST", f"/api/reviews/{rid}/flag", token=reviewed["other"]["token"], json={"reason": "New evidence"})
    [item] = api.call("GET", "/api/admin/moderation", token=mod).get_json()["items"]
    assert [r["reason"] for r in item["reports"]] == ["New evidence"]


def test_only_platform_admins_reach_the_queue(api, app, reviewed):
    rid, other = reviewed["review_id"], reviewed["other"]["token"]
    assert api.call("GET", "/api/admin/moderation", token=other).status_code == 403
    refused = api.call("POST", f"/api/admin/reviews/{rid}/moderation", token=other, json={"action": "hide", "reason": "Mine"})
    assert refused.status_code == 403
    browser, _ = log_in(app, reviewed["other"])
    assert browser.get("/admin/moderation").status_code == 403
    assert api.call("GET", "/api/admin/moderation").status_code == 401
    grant(app, reviewed["moderator"])
    grant(app, reviewed["moderator"], "revoke")
    assert api.call("GET", "/api/admin/moderation", token=reviewed["moderator"]["token"]).status_code == 403


def test_bad_reports_and_decisions_name_the_fields(api, reviewed):
    rid, other = reviewed["review_id"], reviewed["other"]["token"]
    for body, field in (({}, "reason"), ({"reason": "x"}, "reason"), ({"reason": "y" * 501}, "reason")):
        bad = api.call("POST", f"/api/reviews/{rid}/flag", token=other, json=body)
        assert bad.status_code == 400 and field in bad.get_json()["fields"]
    assert api.call("POST", "/api/reviews/no-such-review/flag", token=other, json={"reason": "Fake"}).status_code == 404
    grant(reviewed["app"], reviewed["moderator"])
    mod = reviewed["moderator"]["token"]
    bad = api.call("POST", f"/api/admin/reviews/{rid}/moderation", token=mod, json={"action": "delete", "reason": "Because"})
    assert bad.status_code == 400 and list(bad.get_json()["fields"]) == ["action"]
    missing = api.call("POST", "/api/admin/reviews/nope/moderation", token=mod, json={"action": "hide", "reason": "Fake"})
    assert missing.status_code == 404


def test_granting_an_unknown_email_fails_on_the_command_line(app):
    result = app.test_cli_runner().invoke(args=["admin", "grant", "nobody@example.com"])
    assert result.exit_code != 0 and "No account with the email nobody@example.com." in result.output


def test_report_and_moderate_through_the_pages(app, reviewed):
    rid, vendor = reviewed["review_id"], reviewed["vendor"]
    browser, token = log_in(app, reviewed["other"])
    page = browser.get(f"/vendors/companies/{vendor['id']}").get_data(as_text=True)
    assert f"/vendors/reviews/{rid}/flag" in page
    reported = browser.post(f"/vendors/reviews/{rid}/flag", data={"csrf_token": token, "company_id": vendor["id"],
                                                                  "reason": "<script>fake</script>"})
    assert reported.status_code == 302 and reported.headers["Location"].endswith(f"/vendors/companies/{vendor['id']}")
    grant(app, reviewed["moderator"])
    moderator, _ = log_in(app, reviewed["moderator"])
    queue = moderator.get("/admin/moderation").get_data(as_text=True)
    assert "Late and leaking" in queue and "&lt;script&gt;fake&lt;/script&gt;" in queue and "<script>fake" not in queue
    token = csrf_from(queue)
    empty = moderator.post(f"/admin/reviews/{rid}/moderation", data={"csrf_token": token, "action": "hide", "reason": ""})
    assert empty.status_code == 400 and "Say why in 3 to 500 characters." in empty.get_data(as_text=True)
    hidden = moderator.post(f"/admin/reviews/{rid}/moderation", data={"csrf_token": token, "action": "hide", "reason": "Fake"})
    assert hidden.status_code == 302
    assert "Nothing to moderate." in moderator.get("/admin/moderation").get_data(as_text=True)


def test_a_platform_admin_reads_no_private_messages(api, app, reviewed):
    buyer, other = reviewed["buyer"], reviewed["other"]
    from tests.trust.conftest import World

    World(api).connect((buyer, other))
    made = api.call("POST", "/api/conversations", token=buyer["token"], json={"participant_ids": [other["id"]]})
    assert made.status_code == 201, made.get_json()
    cid = made.get_json()["id"]
    api.call("POST", f"/api/conversations/{cid}/messages", token=buyer["token"], json={"body": "private", "client_msg_id": "m1"})
    grant(app, reviewed["moderator"])
    assert api.call("GET", f"/api/conversations/{cid}/messages", token=reviewed["moderator"]["token"]).status_code in (403, 404)


def test_the_vendor_replies_once_and_only_its_page_admins_may(api, reviewed):
    from core.extensions import graph

    rid, vendor = reviewed["review_id"], reviewed["vendor"]
    owner = reviewed["third"]
    with reviewed["app"].app_context():
        graph.write("MATCH (p:Person {id: $p}), (c:Company {id: $c}) MERGE (p)-[:ADMINISTERS {since: datetime()}]->(c)",
                    p=owner["id"], c=vendor["id"])
    refused = api.call("POST", f"/api/reviews/{rid}/reply", token=reviewed["other"]["token"], json={"body": "We disagree"})
    assert refused.status_code == 403
    empty = api.call("POST", f"/api/reviews/{rid}/reply", token=owner["token"], json={"body": "  "})
    assert empty.status_code == 400 and list(empty.get_json()["fields"]) == ["body"]
    replied = api.call("POST", f"/api/reviews/{rid}/reply", token=owner["token"], json={"body": "We replaced the seals."})
    assert replied.status_code == 201 and replied.get_json()["body"] == "We replaced the seals."
    again = api.call("POST", f"/api/reviews/{rid}/reply", token=owner["token"], json={"body": "And again"})
    assert again.status_code == 409
    assert api.call("POST", "/api/reviews/nope/reply", token=owner["token"], json={"body": "Hi"}).status_code == 404
    [review] = api.call("GET", f"/api/companies/{vendor['id']}", token=reviewed["other"]["token"]).get_json()["reviews"]
    assert review["reply"]["body"] == "We replaced the seals."
