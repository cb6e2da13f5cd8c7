"""Certificates on company pages: added and removed by the page's admins only, documents checked by their bytes,
stored before the graph is written, downloaded by signed-in members only, and valid or expired by today's date."""
import io
import struct
import zlib
from datetime import timedelta

import pytest
from neo4j.exceptions import ConstraintError

from core.db import utc_today
from core.extensions import graph as graph_store
from demo import certificate_pdf
from tests.conftest import make_app

PDF = certificate_pdf(["ISO 9001:2015", "Hangzhou Valve Works"])
CERT = {"name": "Quality management system", "standard": "ISO 9001:2015", "issuer": "TUV SUD",
        "number": "12 100 58231", "valid_from": "2024-01-15", "valid_until": "2027-01-14"}


def png(width=2, height=1) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\xff\xda\x00\x02" + b"\x11" * 40 + b"\xff\xd9"


def administers(person, company):
    """Make the person an admin of the company page, as a claim does (that feature is not this test's subject)."""
    graph_store.write("MATCH (p:Person {id: $p}), (c:Company {id: $c}) MERGE (p)-[:ADMINISTERS {since: datetime()}]->(c)",
                      p=person["id"], c=company["id"])


@pytest.fixture
def app(db_url, graph_db, tmp_path):
    """The app, with a file store of this test's own (the suite's default folder is shared by every test)."""
    application = make_app(db_url, STORAGE_DIR=str(tmp_path / "files"))
    yield application
    graph_store.close()


@pytest.fixture
def page(world):
    admin, buyer = world.person("Admin Zhou"), world.person("Buyer Li")
    company = world.company(admin, "Hangzhou Valve Works", ["Industrial valves"])
    administers(admin, company)
    return {"admin": admin, "buyer": buyer, "company": company}


def post(api, page, who="admin", files=None, **fields):
    url = f"/api/companies/{page['company']['id']}/certifications"
    body = {**CERT, **fields}
    if files is None:
        return api.call("POST", url, token=page[who]["token"], json=body)
    return api.call("POST", url, token=page[who]["token"], data={**body, **files}, content_type="multipart/form-data")


def company_page(api, page, who="buyer"):
    response = api.call("GET", f"/api/companies/{page['company']['id']}", token=page[who]["token"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def stored_files(app):
    root = app.extensions["storage"].root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_admin_adds_certificates_and_everyone_sees_them_valid_or_expired(api, page):
    added = post(api, page)
    assert added.status_code == 201, added.get_json()
    cert = added.get_json()
    assert {k: cert[k] for k in CERT} == CERT and cert["status"] == "valid" and cert["document"] is None
    expired = post(api, page, name="Pipeline valves", standard="API 6D", valid_from="2021-05-01", valid_until="2024-04-30")
    assert expired.status_code == 201 and expired.get_json()["status"] == "expired"
    listed = company_page(api, page)["certifications"]
    assert [(c["standard"], c["status"]) for c in listed] == [("ISO 9001:2015", "valid"), ("API 6D", "expired")]
    assert set(listed[0]) == {"id", "name", "standard", "issuer", "number", "valid_from", "valid_until", "status",
                              "document", "created_at"}


def test_valid_through_its_last_day_expired_the_day_after(api, page):
    today = utc_today()
    post(api, page, name="Ends today", valid_from="2020-01-01", valid_until=today.isoformat())
    post(api, page, name="Ended yesterday", valid_from="2020-01-01", valid_until=(today - timedelta(days=1)).isoformat())
    status = {c["name"]: c["status"] for c in company_page(api, page)["certifications"]}
    assert status == {"Ends today": "valid", "Ended yesterday": "expired"}


def test_only_the_page_admins_add_or_remove(api, world, page):
    staff = world.person("Staff Wu")
    world.works_at(staff, page["company"])  # staff, but not an admin of the page
    for who in ("buyer", "staff"):
        page["staff"] = staff
        assert post(api, page, who=who).status_code == 403
        assert post(api, page, who=who, files={"document": (io.BytesIO(PDF), "iso.pdf")}).status_code == 403
    assert company_page(api, page)["certifications"] == []
    cert = post(api, page).get_json()
    url = f"/api/companies/{page['company']['id']}/certifications/{cert['id']}"
    assert api.call("DELETE", url, token=page["buyer"]["token"]).status_code == 403
    other = world.company(page["buyer"], "Ningbo Flow Control", ["Industrial valves"])
    administers(page["buyer"], other)  # an admin of another company
    assert api.call("DELETE", url, token=page["buyer"]["token"]).status_code == 403
    elsewhere = f"/api/companies/{other['id']}/certifications/{cert['id']}"
    assert api.call("DELETE", elsewhere, token=page["buyer"]["token"]).status_code == 404
    assert api.call("POST", "/api/companies/nope/certifications", token=page["admin"]["token"], json=CERT).status_code == 404
    assert api.call("POST", f"/api/companies/{page['company']['id']}/certifications", json=CERT).status_code == 401
    assert len(company_page(api, page)["certifications"]) == 1


@pytest.mark.parametrize("fields, bad", [
    ({"valid_from": "2024-02-30"}, "valid_from"),
    ({"valid_until": "next year"}, "valid_until"),
    ({"valid_until": "2024-01-15"}, "valid_until"),  # the same day it starts
    ({"valid_until": "2023-01-01"}, "valid_until"),
    ({"name": ""}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"number": "9" * 101}, "number"),
    ({"standard": ["ISO"]}, "standard"),
    ({"issuer": "TUV\x00"}, "issuer"),
])
def test_bad_fields_are_400_naming_the_field(api, page, fields, bad):
    response = post(api, page, **fields)
    assert response.status_code == 400 and bad in response.get_json()["fields"], response.get_json()


def test_documents_are_pdf_png_or_jpeg_by_their_bytes(api, page, app):
    for data, name, content_type in ((PDF, "scan.bin", "application/pdf"), (png(), "cert.pdf", "image/png"),
                                     (JPEG, "photo", "image/jpeg")):
        response = post(api, page, files={"document": (io.BytesIO(data), name, "application/octet-stream")})
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["document"]["content_type"] == content_type
        assert response.get_json()["document"]["size"] == len(data)
    broken_png = bytearray(png())
    broken_png[20] ^= 1  # the header's CRC no longer matches
    for data, name in ((b"<html><script>alert(1)</script></html>", "cert.pdf"), (PDF[:-40], "truncated.pdf"),
                       (b"MZ\x90\x00" + b"\x00" * 100, "cert.png"), (bytes(broken_png), "cert.png"),
                       (b"%PDF-1.4\n%%EOF", "fake.pdf"), (JPEG[:-2], "cut.jpg"), (b"", "empty.pdf")):
        response = post(api, page, files={"document": (io.BytesIO(data), name, "application/pdf")})
        assert response.status_code == 400 and "document" in response.get_json()["fields"], (name, response.get_json())
    assert len(company_page(api, page)["certifications"]) == 3
    assert len(stored_files(app)) == 6  # three documents and their content types; nothing of the refused ones


def test_documents_up_to_10_mb_only_and_json_keeps_its_1_mb_limit(api, page):
    padding = 10 * 1024 * 1024 - len(PDF)
    exactly = PDF[:9] + b"%" + b"x" * (padding - 2) + b"\n" + PDF[9:]
    assert len(exactly) == 10 * 1024 * 1024
    assert post(api, page, files={"document": (io.BytesIO(exactly), "big.pdf")}).status_code == 201
    one_more = exactly[:9] + b"x" + exactly[9:]
    over = post(api, page, files={"document": (io.BytesIO(one_more), "big.pdf")})
    assert over.status_code == 413 and over.get_json()["error"] == "request_entity_too_large"
    far_over = post(api, page, files={"document": (io.BytesIO(one_more + b"x" * 1024 * 1024), "big.pdf")})
    assert far_over.status_code == 413
    assert post(api, page, notes="x" * (1024 * 1024 + 1)).status_code == 413  # JSON to the same endpoint: 1 MB
    assert len(company_page(api, page)["certifications"]) == 1


def test_signed_in_members_download_the_document_and_nobody_else(api, page, client):
    cert = post(api, page, files={"document": (io.BytesIO(PDF), "../../etc/passwd.pdf")}).get_json()
    url = cert["document"]["url"]
    assert url == f"/api/companies/{page['company']['id']}/certifications/{cert['id']}/document"
    assert client.get(url).status_code == 401
    got = api.call("GET", url, token=page["buyer"]["token"])
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"] == f'attachment; filename="certificate-{cert["id"]}.pdf"'
    assert got.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in got.headers["Cache-Control"]
    plain = post(api, page).get_json()
    missing = api.call("GET", f"/api/companies/{page['company']['id']}/certifications/{plain['id']}/document",
                       token=page["buyer"]["token"])
    assert missing.status_code == 404


def test_removing_deletes_the_certificate_and_its_document(api, page, app):
    cert = post(api, page, files={"document": (io.BytesIO(png()), "cert.png")}).get_json()
    assert len(stored_files(app)) == 2
    url = f"/api/companies/{page['company']['id']}/certifications/{cert['id']}"
    assert api.call("DELETE", url, token=page["admin"]["token"]).status_code == 204
    assert company_page(api, page)["certifications"] == [] and stored_files(app) == []
    assert api.call("GET", url + "/document", token=page["buyer"]["token"]).status_code == 404
    assert api.call("DELETE", url, token=page["admin"]["token"]).status_code == 404


def test_storage_down_is_503_and_leaves_nothing_in_the_graph(db_url, graph_db, tmp_path, s3_server):
    (tmp_path / "not-a-folder").write_text("")
    for storage in ({"STORAGE_DIR": str(tmp_path / "not-a-folder")},
                    {"STORAGE_URL": "s3://guanxi-files/docs", "STORAGE_ENDPOINT_URL": "http://127.0.0.1:1",
                     "STORAGE_TIMEOUT": 1, "STORAGE_REGION": "us-east-1"}):
        from tests.conftest import Api
        from tests.trust.conftest import World
        app = make_app(db_url, **storage)
        try:
            api = Api(app.test_client())
            world = World(api)
            admin = world.person("Admin Zhou")
            company = world.company(admin, "Hangzhou Valve Works", ["Industrial valves"])
            administers(admin, company)
            response = post(api, {"admin": admin, "company": company}, files={"document": (io.BytesIO(PDF), "iso.pdf")})
            assert response.status_code == 503 and response.get_json()["error"] == "storage_unavailable"
            held = "MATCH (:Company {id: $c})-[:HOLDS]->(x:Certification) RETURN count(x) AS n"
            assert graph_db.execute_query(held, c=company["id"]).records[0]["n"] == 0
            assert post(api, {"admin": admin, "company": company}).status_code == 201  # no document: no storage
        finally:
            graph_store.close()


def test_a_failed_graph_write_deletes_the_stored_document(api, page, app, graph_db):
    """Neo4j refuses the write (a constraint this test adds); the document stored just before must go again."""
    graph_db.execute_query("CREATE CONSTRAINT test_one_cert_name IF NOT EXISTS FOR (x:Certification) REQUIRE x.name IS UNIQUE")
    try:
        assert post(api, page, files={"document": (io.BytesIO(PDF), "iso.pdf")}).status_code == 201
        assert len(stored_files(app)) == 2
        with pytest.raises(ConstraintError):  # the test app lets unexpected errors through (a 500 in production)
            post(api, page, files={"document": (io.BytesIO(png()), "iso.png")})
        assert len(stored_files(app)) == 2 and len(company_page(api, page)["certifications"]) == 1
    finally:
        graph_db.execute_query("DROP CONSTRAINT test_one_cert_name IF EXISTS")


def test_upload_and_download_through_the_app_on_s3(db_url, graph_db, s3_server):
    """The same flow with STORAGE_URL on a real S3-compatible server: the object is in the bucket, under the prefix."""
    from tests.conftest import Api
    from tests.trust.conftest import World
    bucket = s3_server.make_bucket()
    app = make_app(db_url, STORAGE_URL=f"s3://{bucket}/guanxi", STORAGE_ENDPOINT_URL=s3_server.url,
                   STORAGE_REGION="us-east-1")
    try:
        api = Api(app.test_client())
        world = World(api)
        admin, buyer = world.person("Admin Zhou"), world.person("Buyer Li")
        company = world.company(admin, "Hangzhou Valve Works", ["Industrial valves"])
        administers(admin, company)
        scene = {"admin": admin, "buyer": buyer, "company": company}
        cert = post(api, scene, files={"document": (io.BytesIO(PDF), "iso.pdf")}).get_json()
        [key] = s3_server.keys(bucket)
        assert key.startswith("guanxi/certificates/")
        got = api.call("GET", cert["document"]["url"], token=buyer["token"])
        assert got.status_code == 200 and got.data == PDF and got.headers["Content-Type"] == "application/pdf"
        assert int(got.headers["Content-Length"]) == len(PDF)
        removed = api.call("DELETE", f"/api/companies/{company['id']}/certifications/{cert['id']}", token=admin["token"])
        assert removed.status_code == 204 and s3_server.keys(bucket) == []
    finally:
        graph_store.close()
