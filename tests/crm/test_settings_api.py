"""Configuring CRM targets: bad input names the field, credentials are encrypted and never shown back."""
import pytest

from crm_sync.models import CrmTarget


@pytest.fixture
def admin(crm):
    user, token = crm.person("Li Wei")
    return token, crm.team(token)


@pytest.mark.parametrize("target, field", [
    ({"kind": "pipedrive"}, "targets.0.kind"),
    ({"kind": "hubspot"}, "targets.0.access_token"),
    ({"kind": "salesforce", "access_token": "t" * 20}, "targets.0.instance_url"),
    ({"kind": "salesforce", "instance_url": "not a url", "access_token": "t" * 20}, "targets.0.instance_url"),
    ({"kind": "webhook", "url": "ftp://example.com/hook", "secret": "s" * 20}, "targets.0.url"),
    ({"kind": "webhook", "url": "https://example.com/hook"}, "targets.0.secret"),
    ({"kind": "hubspot", "access_token": "x", "id_property": "Not Valid"}, "targets.0.id_property"),
    ({"kind": "webhook", "url": "https://example.com", "secret": "s" * 20, "colour": "red"}, "targets.0.colour"),
])
def test_bad_target_configuration_is_a_400_naming_the_field(crm, admin, target, field):
    token, org_id = admin
    response = crm.enable(token, org_id, targets=[target])
    assert response.status_code == 400, response.get_json()
    assert field in response.get_json()["fields"]


def test_plain_http_and_private_addresses_are_refused_unless_allowed(crm, admin):
    token, org_id = admin
    crm.app.config["CRM_ALLOW_HTTP"] = False
    for url in ("http://example.com/hook", "https://127.0.0.1/hook", "https://10.0.0.5/hook"):
        response = crm.enable(token, org_id, targets=[{"kind": "webhook", "url": url, "secret": "s" * 20}])
        assert response.status_code == 400 and "targets.0.url" in response.get_json()["fields"], url


def test_credentials_are_encrypted_masked_and_kept_when_not_resent(crm, admin, app):
    token, org_id = admin
    secret = "pat-na1-0123456789abcdef"
    response = crm.enable(token, org_id, targets=[{"kind": "hubspot", "name": "Our HubSpot", "access_token": secret}])
    body = response.get_json()
    assert response.status_code == 200 and secret not in response.get_data(as_text=True)
    [hubspot] = [t for t in body["targets"] if t["kind"] == "hubspot"]
    assert hubspot["credentials"] == {"access_token": "…cdef"}
    with app.app_context():
        from core.db import get_session
        stored = get_session().get(CrmTarget, hubspot["id"])
        assert secret not in stored.secret and stored.settings["id_property"] == "guanxi_person_id"
    again = crm.enable(token, org_id, targets=[{"id": hubspot["id"], "kind": "hubspot", "name": "Renamed"}])
    assert again.status_code == 200
    shown = crm.api.call("GET", f"/api/orgs/{org_id}/crm", token=token).get_json()
    assert [t["name"] for t in shown["targets"] if t["kind"] == "hubspot"] == ["Renamed"]
    assert secret not in str(shown)
    with app.app_context():
        from crm_sync.connectors import build_connector
        from core.db import get_session
        connector = build_connector(get_session().get(CrmTarget, hubspot["id"]))
        assert connector.transport.http.headers["Authorization"] == f"Bearer {secret}"


def test_a_body_that_is_not_an_object_is_a_400(crm, admin):
    token, org_id = admin
    response = crm.api.call("PUT", f"/api/orgs/{org_id}/crm", token=token, json=["enabled"])
    assert response.status_code == 400
    response = crm.api.call("PUT", f"/api/orgs/{org_id}/crm", token=token, json={"enabled": "maybe"})
    assert response.status_code == 400 and "enabled" in response.get_json()["fields"]


@pytest.mark.parametrize("kind, url_field, secret_field", [
    ("hubspot", "base_url", "access_token"), ("salesforce", "instance_url", "access_token"), ("webhook", "url", "secret")])
def test_changing_a_targets_url_requires_its_secret_again(crm, admin, kind, url_field, secret_field):
    token, org_id = admin
    stored = {url_field: "https://crm.example.com/in", secret_field: "stored-secret-0123456789"}
    created = crm.enable(token, org_id, targets=[{"kind": kind, **stored}]).get_json()
    [target] = [t for t in created["targets"] if t["kind"] == kind]
    moved = {"id": target["id"], "kind": kind, url_field: "https://collector.example.net/in"}
    response = crm.enable(token, org_id, targets=[moved])
    assert response.status_code == 400 and f"targets.0.{secret_field}" in response.get_json()["fields"]
    shown = crm.api.call("GET", f"/api/orgs/{org_id}/crm", token=token).get_json()
    assert [t["settings"][url_field] for t in shown["targets"] if t["kind"] == kind] == ["https://crm.example.com/in"]
    renamed = crm.enable(token, org_id, targets=[{"id": target["id"], "kind": kind, "name": "Renamed",
                                                  url_field: "https://crm.example.com/in"}])
    assert renamed.status_code == 200  # the same URL keeps the stored secret
    again = crm.enable(token, org_id, targets=[{**moved, secret_field: "new-secret-for-the-new-host"}])
    assert again.status_code == 200
    [target] = [t for t in again.get_json()["targets"] if t["kind"] == kind]
    assert target["settings"][url_field] == "https://collector.example.net/in"
    assert target["credentials"] == {secret_field: "…host"}
