"""leads.csv opens in Excel on Windows with Chinese names intact: UTF-8 with a byte-order mark."""
import csv
import io

from tests.crm.test_leads_api import _sales_team


def test_leads_csv_starts_with_a_bom_and_keeps_zhang_wei(crm, api):
    li, li_token, _, org_id = _sales_team(crm)
    buyer, _ = crm.person("张伟", company="宁波阀门厂")
    crm.connect(li, buyer)
    crm.drain()
    response = api.call("GET", f"/api/orgs/{org_id}/crm/leads.csv", token=li_token)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [(row["LastName"] + row["FirstName"], row["Company"]) for row in rows] == [("张伟", "宁波阀门厂")]
