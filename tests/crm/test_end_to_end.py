"""The whole path with no shortcuts: a connection request accepted through the network API becomes a lead."""


def test_an_accepted_connection_request_becomes_a_lead_and_removal_strips_it(crm, api):
    seller, seller_token = crm.person("Li Wei", consent=False)
    org_id = crm.team(seller_token)
    assert crm.enable(seller_token, org_id).status_code == 200
    buyer, buyer_token = crm.person("Wang Fang", company="Sinopec Procurement", title="Procurement Manager")

    request = api.call("POST", "/api/connections/requests", token=seller_token,
                       json={"to_user_id": buyer["id"], "note": "We met at the valve fair"})
    assert request.status_code == 201
    crm.drain()
    assert crm.leads(seller_token, org_id) == []  # a pending request is not a relationship yet
    accepted = api.call("POST", f"/api/connections/requests/{request.get_json()['id']}/accept", token=buyer_token)
    assert accepted.status_code == 200
    crm.drain()
    [lead] = crm.leads(seller_token, org_id)
    assert lead["Guanxi_Person_Id__c"] == buyer["id"] and lead["Email"] == buyer["email"]
    assert lead["OwnerId"] == seller["id"] and lead["Company"] == "Sinopec Procurement"

    assert api.call("DELETE", f"/api/connections/{buyer['id']}", token=seller_token).status_code == 204
    crm.drain()
    [lead] = crm.leads(seller_token, org_id)
    assert lead["Email"] in (None, "") and lead["Guanxi_Person_Id__c"] == buyer["id"]
