"""Vendor rules: companies and categories, the vendor page, and the trusted shortlist. (Reviews: trust.reviews;
experts and endorsements: trust.experts; "ask my network" requests: trust.asking.)"""
import uuid
from datetime import date

from flask_babel import gettext
from neo4j.exceptions import ConstraintError

from core.db import utc_today
from core.errors import Conflict, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from network import service as network
from trust import certificates, experts, reasons, repository as repo, reviews, scoring, shortlist_repository, summary

EVIDENCE_SHOWN = 10  # evidence items listed per vendor; the reasons summarise all of it
REVIEWS_SHOWN = 50


def unknown_category(name: str) -> ValidationError:
    """400 naming the category field: nobody on Guanxi supplies it (matching ignores case)."""
    message = gettext("No vendor on Guanxi supplies “%(category)s” yet.", category=name)
    return ValidationError(message, {"category": [message]})


def create_company(graph: GraphStore, data: dict) -> dict:
    """Create a vendor with its categories (de-duplicated case-insensitively); 409 on a taken domain."""
    domain = data["domain"].lower() if data.get("domain") else None
    if domain and repo.company_with_domain(graph, domain):
        raise Conflict(N_("A company with this domain exists already."), {"domain": [N_("Already registered.")]})
    categories: dict[str, str] = {}
    for name in data["categories"]:
        categories.setdefault(name.lower(), name)
    company_id = str(uuid.uuid4())
    try:
        network.upsert_companies(graph, [{"id": company_id, "name": data["name"], "domain": domain,
                                          "industry": data.get("industry"), "categories": list(categories.values())}])
    except ConstraintError:  # a concurrent create took the domain first (TRUST_SCHEMA: domains are unique)
        raise Conflict(N_("A company with this domain exists already."), {"domain": [N_("Already registered.")]}) from None
    return repo.company(graph, company_id)


def get_company(graph: GraphStore, company_id: str) -> dict:
    """The company with its categories, or 404."""
    company = repo.company(graph, company_id)
    if company is None:
        raise NotFound(N_("No such company."))
    return company


def find_companies(graph: GraphStore, q: str = "", category: str = "") -> list[dict]:
    """Companies whose name contains q, or matches it in Chinese or pinyin, and/or that supply the category."""
    return repo.find_companies(graph, q, category, network.lucene_query(q) if q else "")


def find_categories(graph: GraphStore, q: str = "") -> list[str]:
    """Categories some company supplies, for pickers."""
    return repo.find_categories(graph, q)


def review_company(graph: GraphStore, reviewer_id: str, company_id: str, data: dict) -> dict:
    """Rate one delivery (the rules live in trust.reviews; kept here for callers of the vendor service)."""
    return reviews.review_company(graph, reviewer_id, company_id, data)


def company_page(graph: GraphStore, viewer_id: str, company_id: str) -> dict:
    """The vendor page: categories, reviews newest first (with their degree from me), endorsements, and who in my
    network knows it."""

    def work(tx):
        firsts = repo.first_degree(tx, viewer_id)
        rows = reviews.company_reviews(tx, company_id, viewer_id, REVIEWS_SHOWN)
        ids = sorted({r["person_id"] for r in rows})
        people = {p["user"]["id"]: p for p in repo.people_with_degrees(tx, ids, viewer_id)}
        return rows, people, experts.company_endorsements(tx, company_id), repo.known_by(tx, company_id, viewer_id, firsts)

    company = get_company(graph, company_id)
    rows, people, endorsements, known = graph.read_tx(work)
    company["reviews"] = [reviews.shown_review(r, *_user_and_degree(people.get(r["person_id"]))) for r in rows]
    company["endorsements"] = endorsements
    company["known_by"] = known
    company.update(certificates.for_page(graph, viewer_id, company_id))  # certifications, certifications_editable
    return company


def _user_and_degree(person: dict | None) -> tuple[dict | None, int | None]:
    return (person["user"], person["degree"]) if person else (None, None)


def vendor_shortlist(graph: GraphStore, asker_id: str, category: str, limit: int = 5, today: date | None = None,
                     location: str = "", certification: str = "") -> dict:
    """The best `limit` vendors of the category for this asker (optionally only those whose location contains
    `location`, or who hold a valid certificate matching `certification`), each with its evidence and reasons."""
    today = today or utc_today()
    found = graph.read_tx(lambda tx: read_shortlist(tx, asker_id, category, limit, today, location, certification))
    if found is None:
        raise unknown_category(category)
    facts, ranked, details = found
    users = {item["person_id"]: item["user"] for item in facts["singled"] if item["degree"]}
    companies = {c["company"]["id"]: c for c in details["companies"]}
    recent: dict[str, list[dict]] = {}
    for item in details["recent"]:
        recent.setdefault(item["company_id"], []).append(item)
    return {"category": facts["name"], "items": [
        _shortlist_item(v, companies[v.company_id], users, recent.get(v.company_id, []), today, facts["name"])
        for v in ranked]}


def read_shortlist(tx, asker_id: str, category: str, limit: int, today: date, location: str = "",
                   certification: str = "") -> tuple[dict, list[scoring.VendorScore], dict] | None:
    """(facts, the best `limit` ranked, their details) in one read transaction; None for an unknown category."""
    facts = shortlist_repository.shortlist_facts(tx, category, asker_id, today.isoformat(), location, certification)
    if facts is None:
        return None
    ranked = rank_facts(facts, today)[:limit]
    return facts, ranked, shortlist_details(tx, facts, asker_id, ranked, today)


def shortlist_details(tx, facts: dict, asker_id: str, ranked: list[scoring.VendorScore], today: date) -> dict:
    """What the ranked vendors show; the items singled out are not "beyond the 2nd degree", so they are passed on."""
    ids = [v.company_id for v in ranked]
    listed = set(ids)
    excluded = sorted({f"{i['person_id']}>{i['company_id']}" for i in facts["singled"] if i["company_id"] in listed})
    return shortlist_repository.shortlist_details(tx, facts["key"], asker_id, ids, EVIDENCE_SHOWN, today.isoformat(),
                                                  excluded)


def rank_facts(facts: dict, today: date) -> list[scoring.VendorScore]:
    """Rank the category's vendors from its aggregates and the items singled out for this asker."""
    singled = [_evidence(i, conflict=i["conflict"], own=bool(i["own"])) for i in facts["singled"]]
    return scoring.rank([scoring.Aggregate(**a) for a in facts["aggregates"]], singled, today)


def _evidence(row: dict, conflict: bool = False, own: bool = False) -> scoring.Evidence:
    return scoring.Evidence(row["company_id"], row["person_id"], scoring.KINDS[row["kind"]], row["rating"],
                            date.fromisoformat(row["on"]), row.get("degree"), conflict, row["delivered"], own,
                            row["verified"], row["verified_delivery"])


def _listed(voice: scoring.Voice, user: dict, degree: int | None, weight: float) -> list[dict]:
    """A voice's items as evidence, each with its share of the voice's weight (its validation factor's share)."""
    total = sum(i.factor for i in voice.items)
    return [{"kind": i.kind, "by": user, "degree": degree, "rating": i.rating, "on": i.on.isoformat(),
             "verified": i.verified, "verified_delivery": i.verified_delivery, "weight": weight * i.factor / total}
            for i in voice.items]


def _shortlist_item(vendor: scoring.VendorScore, company: dict, users: dict, recent: list[dict], today: date,
                    category: str) -> dict:
    listed = [e for w in vendor.counted for e in _listed(w.voice, users[w.evidence.person_id], w.evidence.degree, w.weight)]
    far_people = {row["person_id"]: row for row in recent}
    for voice in scoring.voices([_evidence(r) for r in recent]):
        row = far_people[voice.first.person_id]
        weight = scoring.BEYOND_WEIGHT * scoring.recency(voice.on, today) * voice.factor
        listed += _listed(voice, row["user"], 3 if row["third"] else None, weight)
    listed.sort(key=lambda e: -e["weight"])
    names = {pid: user["name"] for pid, user in users.items()}
    held = [gettext("%(certificate)s valid until %(month)s", certificate=c["standard"] or c["name"],
                    month=c["valid_until"][:7]) for c in company["certifications"]]
    return {"company": {**company["company"], "categories": company["categories"]}, "score": round(vendor.score, 4),
            "evidence": [{**e, "weight": round(e["weight"], 4)} for e in listed[:EVIDENCE_SHOWN]],
            "evidence_count": vendor.item_count, "reasons": reasons.explain(vendor, names, category) + held,
            "certifications": company["certifications"],
            "endorsements": [{**e, "category": category} for e in company["endorsements"]],
            # For the page only (the API's schema leaves them out): the gist first, the formula on request.
            "summary": summary.plain_summary(vendor, company["certifications"]),
            "ranking": summary.ranking_formula(vendor)}
