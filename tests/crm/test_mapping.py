"""Mapping a network contact to a Salesforce Lead: names, limits, fillers, warm path."""
import pytest

from crm_sync import mapping
from crm_sync.schemas import LeadSchema


@pytest.mark.parametrize("name, first, last", [
    ("Zhang Min", "Min", "Zhang"),            # pinyin: family name first
    ("Min Zhang", "Min", "Zhang"),            # Western order
    ("张敏", "敏", "张"),                        # Han characters: one-character family name
    ("欧阳娜娜", "娜娜", "欧阳"),                 # compound family name
    ("Madonna", "", "Madonna"),               # mononym: LastName is required, FirstName is not
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
    ("Mary Anne Smith", "Mary Anne", "Smith"),
    ("  ", "", "[not provided]"),
    (None, "", "[not provided]"),
])
def test_names_split_sensibly(name, first, last):
    assert mapping.split_name(name) == (first, last)


def test_long_names_are_cut_to_salesforce_limits_and_never_empty_lastname():
    first, last = mapping.lead_names("Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft " * 2 + "X" * 100)
    assert len(first) <= 40 and 1 <= len(last) <= 80


def test_lead_from_contact_fills_required_fields_and_respects_lengths():
    contact = {"id": "p-1", "name": "Zhang Min", "company": "", "title": "T" * 300, "industry": "I" * 90}
    knowers = [{"id": "m-1", "name": "Li Wei"}, {"id": "m-2", "name": "Wang Fang"}]
    lead = mapping.lead_from_contact(contact, knowers, "  Zhang.Min@Example.COM ")
    assert lead["Company"] == "[not provided]" and lead["LastName"] == "Zhang" and lead["FirstName"] == "Min"
    assert len(lead["Title"]) == 128 and len(lead["Industry"]) == 40
    assert lead["Email"] == "zhang.min@example.com" and lead["LeadSource"] == "Guanxi Network"
    assert lead["OwnerId"] == "m-1" and lead["Guanxi_Person_Id__c"] == "p-1"
    assert lead["Description"] == "Warm path on Guanxi: connected to Li Wei (lead owner) and Wang Fang (team)."
    assert LeadSchema().validate(lead) == {}


def test_an_email_too_long_for_salesforce_is_left_out_rather_than_cut():
    lead = mapping.lead_from_contact({"id": "p", "name": "A B"}, [{"id": "m", "name": "M"}], "x" * 75 + "@example.com")
    assert lead["Email"] is None


def test_warm_path_is_worded_for_the_viewer():
    knowers = [{"id": "a", "name": "Li Wei"}, {"id": "b", "name": "Zhang Min"}]
    assert mapping.warm_path(knowers, "a") == "connected to Li Wei (you) and Zhang Min (your team)"
    assert mapping.warm_path(knowers, "b") == "connected to Zhang Min (you) and Li Wei (your team)"
    assert mapping.warm_path(knowers, "z") == "connected to Li Wei, Zhang Min (your team)"
    many = knowers + [{"id": str(i), "name": f"P{i}"} for i in range(4)]
    assert mapping.warm_path(many, "a") == "connected to Li Wei (you) and Zhang Min, P0, P1 and 2 more (your team)"


def test_withdrawn_consent_leaves_no_contact_details():
    lead = mapping.lead_from_contact({"id": "p", "name": "Zhang Min", "title": "Buyer", "company": "Acme"},
                                     [{"id": "m", "name": "Li Wei"}], "z@example.com")
    stripped = mapping.without_contact_details(lead)
    assert all(stripped[f] is None for f in ("FirstName", "Title", "Email", "Phone", "Description"))
    assert stripped["LastName"] and stripped["Company"] == "Acme" and stripped["Guanxi_Person_Id__c"] == "p"
