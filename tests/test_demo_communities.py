"""The demo's industry community: the demo user finds theirs first, with peers and their messages, and joins it."""
import demo
from core.db import get_session
from core.extensions import graph


def test_the_demo_user_finds_an_active_community_of_their_industry(app, client):
    with app.app_context():
        assert demo.load(get_session(), graph) is True
    token = client.post("/api/auth/token", json={"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    mine = client.get("/api/communities", headers=headers).json["items"][0]
    assert mine["industry"] == "Chemicals" and mine["members"] == 3 and mine["joined"] is False
    assert client.post(f"/api/communities/{mine['id']}/join", headers=headers).status_code == 200
    found = client.get(f"/api/communities/{mine['id']}/messages/search", query_string={"q": "阀门"}, headers=headers)
    assert len(found.json["items"]) == 2
