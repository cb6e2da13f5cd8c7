"""Sourcing fixtures: a buying team (an org whose members said yes), vendors with verified staff, a trusted
shortlist built from the team's network — all through the real API."""
import pytest

from tests.trust.conftest import World

CATEGORY = "Ball Valves"


class Sourcing(World):
    """The World of the trust tests plus buying teams and their projects."""

    def team(self, name, admin, *members):
        """An org created by admin; each member is invited and accepts (membership by invitation)."""
        response = self.api.call("POST", "/api/orgs", token=admin["token"], json={"name": name})
        assert response.status_code == 201, response.get_json()
        org = response.get_json()
        for member in members:
            invited = self.api.call("POST", f"/api/orgs/{org['id']}/members", token=admin["token"],
                                    json={"user_id": member["id"], "role": member.get("role", "member")})
            assert invited.status_code == 201, invited.get_json()
            accepted = self.api.call("POST", f"/api/orgs/{org['id']}/membership/accept", token=member["token"])
            assert accepted.status_code == 200, accepted.get_json()
        return org

    def project(self, org, by, title="Valves for Tianjin", category=CATEGORY, **fields):
        response = self.api.call("POST", f"/api/orgs/{org['id']}/sourcing", token=by["token"],
                                 json={"title": title, "category": category, **fields})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def add(self, project, by, company):
        return self.api.call("POST", f"/api/sourcing/{project['id']}/candidates", token=by["token"],
                             json={"company_id": company["id"]})

    def score(self, project, by, company, scores, comment=""):
        return self.api.call("PUT", f"/api/sourcing/{project['id']}/candidates/{company['id']}/scores",
                             token=by["token"], json={"scores": scores, "comment": comment})

    def show(self, project, by):
        return self.api.call("GET", f"/api/sourcing/{project['id']}", token=by["token"])


@pytest.fixture
def sourcing(api):
    return Sourcing(api)


@pytest.fixture
def market(sourcing):
    """Buyer Li (admin) with teammates Wang and Zhao; vendors Acme (reviewed by Li's contact) and Borealis; an
    outsider. Acme's seller Chen is its verified staff."""
    li, wang, zhao = sourcing.person("Li Na"), sourcing.person("Wang Wei"), sourcing.person("Zhao Min")
    outsider, contact, chen = sourcing.person("Sun Yu"), sourcing.person("Qian Bo"), sourcing.person("Chen Hao")
    acme = sourcing.company(chen, "Acme Valves", [CATEGORY], domain="acme-valves.example")
    borealis = sourcing.company(chen, "Borealis Flow", [CATEGORY])
    sourcing.seller(chen, acme)
    sourcing.connect((li, contact))
    assert sourcing.review(contact, acme, CATEGORY, 5, comment="On time, good seals").status_code == 201
    org = sourcing.team("Tianjin Plant Buying", li, wang, zhao)
    return {"li": li, "wang": wang, "zhao": zhao, "outsider": outsider, "contact": contact, "chen": chen,
            "acme": acme, "borealis": borealis, "org": org, "world": sourcing}
