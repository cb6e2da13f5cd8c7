"""Pure mapping from a network contact to a Lead in Salesforce field names (no I/O here)."""
import re
from typing import Callable

from core.i18n import N_

LEAD_SOURCE = "Guanxi Network"
REQUEST_SOURCE = "Guanxi Request"  # an intent lead: the person asked for a vendor and let sellers contact them
LEAD_SOURCES = {"network": LEAD_SOURCE, "request": REQUEST_SOURCE}
EXTERNAL_ID = "Guanxi_Person_Id__c"
STATUSES = ("New", "Working", "Qualified", "Unqualified", "Converted")
NOT_PROVIDED = "[not provided]"  # Salesforce's own filler for a required value nobody gave
CONSENT_WITHDRAWN = "[consent withdrawn]"
# Salesforce Lead field lengths (characters); an over-long value makes the whole record fail there.
LIMITS = {"FirstName": 40, "LastName": 80, "Company": 255, "Title": 128, "Email": 80, "Phone": 40,
          "Industry": 40, "LeadSource": 40, "Status": 40, "Description": 32000, EXTERNAL_ID: 255}
CONTACT_FIELDS = ("FirstName", "Title", "Email", "Phone", "Description")
# Common Chinese family names in pinyin: "Zhang Min" is written family name first.
CHINESE_SURNAMES = frozenset("""
li wang zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han
tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia ding wei xue ye yan pan du
dai xia zhong tian ren jiang fan fang shi yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou
shao meng long wan duan lei qian tang yin yi chang wen niu qiao ouyang sima zhuge situ
""".split())
COMPOUND_HAN_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "令狐", "慕容", "尉迟")
PARTICLES = frozenset("van von der den de del della di da dos das du la le bin binti al el ter ten".split())
_HAN = re.compile(r"^[\u3400-\u9fff]+$")


def clip(value: str | None, field: str) -> str | None:
    """Trim and cut a value to the field's Salesforce length; None stays None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:LIMITS[field]].rstrip() if field in LIMITS else text


def split_name(full_name: str | None) -> tuple[str, str]:
    """(FirstName, LastName) for Western, pinyin (family first), Han-character and one-word names."""
    tokens = (full_name or "").split()
    if not tokens:
        return "", NOT_PROVIDED
    if len(tokens) == 1:
        return _split_single(tokens[0])
    if tokens[0].lower() in CHINESE_SURNAMES and len(tokens) == 2:
        return tokens[1], tokens[0]
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.lower() in PARTICLES:  # "Ludwig van Beethoven": the particle opens the family name
            return " ".join(tokens[:i]), " ".join(tokens[i:])
    return " ".join(tokens[:-1]), tokens[-1]


def _split_single(token: str) -> tuple[str, str]:
    if _HAN.match(token) and 2 <= len(token) <= 4:
        family = 2 if token.startswith(COMPOUND_HAN_SURNAMES) and len(token) > 2 else 1
        return token[family:], token[:family]
    return "", token  # a mononym is a last name: Salesforce requires LastName, not FirstName


def lead_names(full_name: str | None) -> tuple[str, str]:
    """The name split, clipped to Salesforce lengths (a long given name never empties LastName)."""
    first, last = split_name(full_name)
    return clip(first, "FirstName") or "", clip(last, "LastName") or NOT_PROVIDED


def english(text: str, **values) -> str:
    """A text's English wording with its values (pages pass flask_babel's gettext instead, to word it for the reader)."""
    return text % values if values else text


Say = Callable[..., str]
# The warm path's wording, marked for the catalogs; `say` words it (English for the API and the CRMs).
YOU, YOUR_TEAM, NO_PATH = N_("you"), N_("your team"), N_("not connected to anyone on your team any more")


def warm_path(knowers: list[dict], viewer_id: str | None = None, me: str = YOU, team: str = YOUR_TEAM,
              listed: int = 3, say: Say = english) -> str:
    """"connected to Li Wei (you) and Zhang Min (your team)": who on the team knows the person."""
    if not knowers:
        return say(NO_PATH)
    mine = [k["name"] for k in knowers if k["id"] == viewer_id]
    others = [k["name"] for k in knowers if k["id"] != viewer_id]
    parts = [say(N_("%(names)s (%(who)s)"), names=mine[0], who=say(me))] if mine else []
    if others:
        shown, more = ", ".join(others[:listed]), len(others) - listed
        if more > 0:
            shown = say(N_("%(names)s and %(more)s more"), names=shown, more=more)
        parts.append(say(N_("%(names)s (%(who)s)"), names=shown, who=say(team)))
    people = say(N_("%(first)s and %(second)s"), first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]
    return say(N_("connected to %(people)s"), people=people)


def lead_from_contact(contact: dict, knowers: list[dict], email: str | None = None) -> dict:
    """A Lead (Salesforce field names) for a consenting contact known by knowers (owner first)."""
    first, last = lead_names(contact.get("name"))
    owner = knowers[0] if knowers else None
    path = warm_path(knowers, owner["id"] if owner else None, me="lead owner", team="team")
    email = (email or "").strip().lower() or None
    return {
        "FirstName": first or None, "LastName": last,
        "Company": clip(contact.get("company"), "Company") or NOT_PROVIDED,
        "Title": clip(contact.get("title"), "Title") or None,
        "Email": email if email and len(email) <= LIMITS["Email"] else None,  # a cut address is a wrong one
        "Phone": None,
        "Industry": clip(contact.get("industry"), "Industry") or None,
        "LeadSource": LEAD_SOURCE,
        "OwnerId": owner["id"] if owner else None,
        "Description": clip(f"Warm path on Guanxi: {path}.", "Description"),
        EXTERNAL_ID: contact["id"],
    }


def without_contact_details(lead: dict) -> dict:
    """The lead once the person withdrew consent (or left the team's network): no personal details."""
    stripped = {**lead, **{field: None for field in CONTACT_FIELDS}}
    stripped["LastName"] = CONSENT_WITHDRAWN
    return stripped


def external_key(person_id: str, kind: str) -> str:
    """The lead's id at external targets, unique per lead: a person's network and intent leads are two records."""
    return person_id if kind == "network" else f"{person_id}:{kind}"


def request_summary(category: str, details: str | None) -> str:
    """"Asked the network for Industrial valves: 40 DN50 ball valves, delivery in March"."""
    details = " ".join((details or "").split())
    return f"Asked the network for {category}: {details}" if details else f"Asked the network for {category}."


def lead_from_request(contact: dict, request: dict, owner: dict, email: str | None = None) -> dict:
    """An intent lead: the asker of an opted-in request ({category, details}), owned by a seller on the team."""
    summary = request_summary(request["category"], request.get("details"))
    ending = "" if summary.endswith((".", "!", "?")) else "."
    description = f"{summary}{ending} Lead owner on Guanxi: {owner['name']}."
    return {**lead_from_contact(contact, [owner], email), "LeadSource": REQUEST_SOURCE,
            "Description": clip(description, "Description")}


def lead_fields(lead) -> dict:
    """A board row (crm_sync.models.Lead) as a Lead dict in Salesforce field names (what targets receive)."""
    return {"Id": lead.id, "FirstName": lead.first_name, "LastName": lead.last_name, "Company": lead.company,
            "Title": lead.title, "Email": lead.email, "Phone": lead.phone, "Industry": lead.industry,
            "LeadSource": lead.lead_source, "Status": lead.status, "OwnerId": lead.owner_id,
            "Description": lead.description, EXTERNAL_ID: lead.person_id,
            "Guanxi_Request_Id__c": lead.request_id, "Guanxi_Request_Category__c": lead.request_category}
