"""Certificates on the company page: the list with valid/expired badges and downloads, the admins' form and buttons."""
import io

import pytest

from tests.trust.test_certificates import CERT, PDF, administers, app  # noqa: F401  (app: a file store per test)
from tests.trust.test_pages import log_in


@pytest.fixture
def scene(app, world):  # noqa: F811
    admin, buyer = world.person("Admin Zhou"), world.person("Buyer Li")
    company = world.company(admin, "Hangzhou <b>Valve</b> Works", ["Industrial valves"])
    administers(admin, company)
    return {"app": app, "admin": admin, "buyer": buyer, "company": company,
            "url": f"/vendors/companies/{company['id']}"}


def add(client, token, scene, document=None, **fields):
    data = {"csrf_token": token, **CERT, **fields}
    if document is not None:
        data["document"] = document
    return client.post(scene["url"] + "/certifications", data=data, content_type="multipart/form-data")


def test_an_admin_uploads_and_removes_and_a_buyer_downloads(scene):
    admin, token = log_in(scene["app"], scene["admin"])
    page = admin.get(scene["url"]).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "No certificates on this page yet." in page
    added = add(admin, token, scene, document=(io.BytesIO(PDF), "iso9001.pdf"), name="<i>QMS</i>")
    assert added.status_code == 302 and added.headers["Location"].endswith("#certifications")
    add(admin, token, scene, name="Pipeline valves", standard="API 6D", valid_from="2021-05-01", valid_until="2024-04-30")
    page = admin.get(scene["url"]).get_data(as_text=True)
    assert "&lt;i&gt;QMS&lt;/i&gt;" in page and "<i>QMS</i>" not in page
    assert '<span class="tag valid">valid</span>' in page and '<span class="tag expired">expired</span>' in page
    assert page.count(">Remove</button>") == 2

    buyer, buyer_token = log_in(scene["app"], scene["buyer"])
    seen = buyer.get(scene["url"]).get_data(as_text=True)
    assert "API 6D" in seen and "Remove" not in seen and 'enctype="multipart/form-data"' not in seen
    link = seen.split('class="document" href="', 1)[1].split('"', 1)[0]
    download = buyer.get(link)
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert add(buyer, buyer_token, scene).status_code == 403

    cert_id = link.split("/certifications/", 1)[1].split("/", 1)[0]
    remove = f"{scene['url']}/certifications/{cert_id}/remove"
    assert buyer.post(remove, data={"csrf_token": buyer_token}).status_code == 403
    assert admin.post(remove).status_code == 400  # no CSRF token
    assert admin.post(remove, data={"csrf_token": token}).status_code == 302
    page = admin.get(scene["url"]).get_data(as_text=True)
    assert "QMS" not in page and "API 6D" in page


def test_form_errors_are_shown_beside_the_fields(scene):
    admin, token = log_in(scene["app"], scene["admin"])
    bad = add(admin, token, scene, document=(io.BytesIO(b"<html>not a certificate</html>"), "cert.pdf"),
              number="No. 42")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Upload the certificate as a PDF, PNG or JPEG file." in html
    assert 'value="No. 42"' in html  # what was typed stays
    dates = add(admin, token, scene, valid_from="", valid_until="2024-01-01")
    html = dates.get_data(as_text=True)
    assert dates.status_code == 400 and "Must be after the valid-from date." not in html
    assert 'id="cert-valid_from"' in html and "Missing data for required field." in html
    order = add(admin, token, scene, valid_until="2020-01-01")
    assert order.status_code == 400 and "Must be after the valid-from date." in order.get_data(as_text=True)
    assert "No certificates on this page yet." in order.get_data(as_text=True)
