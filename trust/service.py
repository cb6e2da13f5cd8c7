"""Vendor rules: companies and categories, reviews with the conflict-of-interest rule, the vendor page,
and the trusted shortlist. ("Ask my network" requests live in trust.asking.)"""
import uuid
from datetime import date

from neo4j.exceptions import ConstraintError

from core.db import utc_today
from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from network import service as network
from trust import certificates, repository as repo, scoring

EVIDENCE_SHOWN = 10  # evidence items listed per vendor; the reasons summarise all of it
REVIEWS_SHOWN = 50


def unknown_category(name: str) -> ValidationError:
    """400 naming the category field: nobody on Guanxi supplies it (matching ignores case)."""
    return ValidationError(f"No vendor on Guanxi supplies “{name}” yet.",
                           {"category": [f"No vendor on Guanxi supplies “{name}” yet."]})


def create_company(graph: GraphStore, data: dict) -> dict:
    """Create a vendor with its categories (de-duplicated case-insensitively); 409 on a taken domain."""
    domain = data["domain"].lower() if data.get("domain") else None
    if domain and repo.company_with_domain(graph, domain):
        raise Conflict("A company with this domain exists already.", {"domain": ["Already registered."]})
    categories: dict[str, str] = {}
    for name in data["categories"]:
        categories.setdefault(name.lower(), name)
    company_id = str(uuid.uuid4())
    try:
        network.upsert_companies(graph, [{"id": company_id, "name": data["name"], "domain": domain,
                                          "industry": data.get("industry"), "categories": list(categories.values())}])
    except ConstraintError:  # a concurrent create took the domain first (TRUST_SCHEMA: domains are unique)
        raise Conflict("A company with this domain exists already.", {"domain": ["Already registered."]}) from None
    return repo.company(graph, company_id)


def get_company(graph: GraphStore, company_id: str) -> dict:
    """The company with its categories, or 404."""
    company = repo.company(graph, company_id)
    if company is None:
        raise NotFound("No such company.")
    return company


def find_companies(graph: GraphStore, q: str = "", category: str = "") -> list[dict]:
    """Companies whose name contains q and/or that supply the category."""
    return repo.find_companies(graph, q, category)


def find_categories(graph: GraphStore, q: str = "") -> list[str]:
    """Categories some company supplies, for pickers."""
    return repo.find_categories(graph, q)


def company_page(graph: GraphStore, viewer_id: str, company_id: str) -> dict:
    """The vendor page: categories, reviews (with their degree from me) and who in my network knows it."""

    def work(tx):
        firsts = repo.first_degree(tx, viewer_id)
        reviews = repo.reviews_of(tx, company_id, REVIEWS_SHOWN)
        ids = sorted({r["person_id"] for r in reviews})
        people = {p["user"]["id"]: p for p in repo.people_with_degrees(tx, ids, viewer_id)}
        return reviews, people, repo.known_by(tx, company_id, viewer_id, firsts)

    company = get_company(graph, company_id)
    reviews, people, known = graph.read_tx(work)
    company["reviews"] = [_review(r, people.get(r["person_id"]), company_id) for r in reviews]
    company["known_by"] = known
    company.update(certificates.for_page(graph, viewer_id, company_id))  # certifications, certifications_editable
    return company


def _review(row: dict, person: dict | None, company_id: str) -> dict:
    return {"by": person["user"] if person else {"id": row["person_id"]}, "degree": person and person["degree"],
            "company_id": company_id, "category": row["category"], "rating": row["rating"], "comment": row["comment"],
            "delivered_on": row["delivered_on"], "created_at": row["created_at"], "counted": not row["conflict"]}


def review_company(graph: GraphStore, reviewer_id: str, company_id: str, data: dict) -> dict:
    """Rate a real delivery; one review per (reviewer, company, category), a second replaces the first."""

    def work(tx):
        context = repo.review_context(tx, reviewer_id, company_id, data["category"])
        if context is None:
            raise NotFound("No such company.", {"company_id": ["No company with this id."]})
        if context["key"] is None:
            message = f"This company does not supply “{data['category']}”."
            raise ValidationError(message, {"category": [message]})
        if not context["person_known"]:
            raise NotFound("Your profile is not in the graph yet; try again in a moment.")
        if context["employee"]:
            raise Forbidden("You work at this company: reviewing your own employer is a conflict of interest.",
                            {"company_id": ["You cannot review your own employer."]})
        delivered = data["delivered_on"].isoformat() if data.get("delivered_on") else None
        saved = repo.save_review(tx, reviewer_id, company_id, context["key"], data["rating"], data["comment"], delivered)
        refresh_aggregate(tx, company_id, context["key"])
        return context, saved

    context, saved = graph.write_tx(work)
    return {"company_id": company_id, "category": context["category"], "rating": data["rating"],
            "comment": data["comment"], "delivered_on": data["delivered_on"].isoformat() if data.get("delivered_on") else None,
            "created_at": saved["created_at"], "counted": True, "replaced": context["existing"]}


def refresh_aggregate(tx, company_id: str, key: str) -> None:
    """Re-sum the vendor's evidence in the category; called in every transaction that changes that evidence."""
    repo.refresh_aggregate(tx, company_id, key, scoring.EPOCH.isoformat(), float(scoring.HALF_LIFE_DAYS),
                           scoring.RECOMMENDATION_RATING)


def refresh_all_aggregates(graph: GraphStore) -> None:
    """Re-sum every vendor's evidence (after a bulk load)."""
    repo.refresh_all_aggregates(graph, scoring.EPOCH.isoformat(), float(scoring.HALF_LIFE_DAYS),
                                scoring.RECOMMENDATION_RATING)


def vendor_shortlist(graph: GraphStore, asker_id: str, category: str, limit: int = 5,
                     today: date | None = None) -> dict:
    """The best `limit` vendors of the category for this asker, each with its evidence and reasons."""
    today = today or utc_today()

    def work(tx):
        facts = repo.shortlist_facts(tx, category, asker_id)
        if facts is None:
            return None
        ranked = rank_facts(facts, today)[:limit]
        details = repo.shortlist_details(tx, facts["key"], asker_id, [v.company_id for v in ranked], EVIDENCE_SHOWN)
        return facts, ranked, details

    found = graph.read_tx(work)
    if found is None:
        raise unknown_category(category)
    facts, ranked, details = found
    users = {item["person_id"]: item["user"] for item in facts["singled"] if item["degree"]}
    companies = {c["company"]["id"]: {**c["company"], "categories": c["categories"]} for c in details["companies"]}
    recent: dict[str, list[dict]] = {}
    for item in details["recent"]:
        recent.setdefault(item["company_id"], []).append(item)
    return {"category": facts["name"], "items": [
        _shortlist_item(v, companies[v.company_id], users, recent.get(v.company_id, []), today) for v in ranked]}


def rank_facts(facts: dict, today: date) -> list[scoring.VendorScore]:
    """Rank the category's vendors from its aggregates and the items singled out for this asker."""
    singled = [_evidence(i, conflict=i["conflict"], own=bool(i["own"])) for i in facts["singled"]]
    return scoring.rank([scoring.Aggregate(**a) for a in facts["aggregates"]], singled, today)


def _evidence(row: dict, conflict: bool = False, own: bool = False) -> scoring.Evidence:
    kind = "review" if row["kind"] == "REVIEWED" else "recommendation"
    return scoring.Evidence(row["company_id"], row["person_id"], kind, row["rating"], date.fromisoformat(row["on"]),
                            row.get("degree"), conflict, row["delivered"], own)


def _shortlist_item(vendor: scoring.VendorScore, company: dict, users: dict, recent: list[dict], today: date) -> dict:
    listed = [{"kind": w.evidence.kind, "by": users[w.evidence.person_id], "degree": w.evidence.degree,
               "rating": w.evidence.rating, "on": w.evidence.on.isoformat(), "weight": w.weight}
              for w in vendor.counted]
    far = {(e.company_id, e.person_id): e for e in scoring.one_per_giver([_evidence(r) for r in recent])}
    for row in recent:
        if far.get((row["company_id"], row["person_id"])) == _evidence(row):
            on = date.fromisoformat(row["on"])
            listed.append({"kind": "review" if row["kind"] == "REVIEWED" else "recommendation", "by": row["user"],
                           "degree": 3 if row["third"] else None, "rating": row["rating"], "on": row["on"],
                           "weight": scoring.BEYOND_WEIGHT * scoring.recency(on, today)})
    listed.sort(key=lambda e: -e["weight"])
    names = {pid: user["name"] for pid, user in users.items()}
    return {"company": company, "score": round(vendor.score, 4),
            "evidence": [{**e, "weight": round(e["weight"], 4)} for e in listed[:EVIDENCE_SHOWN]],
            "evidence_count": len(vendor.counted) + vendor.far_count, "reasons": scoring.explain(vendor, names)}
