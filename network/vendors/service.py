"""Vendor rules: companies and categories, reviews with the conflict-of-interest rule, the vendor page,
and the trusted shortlist. ("Ask my network" requests live in network.vendors.asking.)"""
import uuid
from datetime import date

from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from network import service as network
from network.vendors import repository as repo, scoring

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
    network.upsert_companies(graph, [{"id": company_id, "name": data["name"], "domain": domain,
                                      "industry": data.get("industry"), "categories": list(categories.values())}])
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
        # My own review is mine, not 2nd-degree evidence (my connections' connections include me).
        people = {p["user"]["id"]: p if p["user"]["id"] != viewer_id else {**p, "degree": None}
                  for p in repo.people_with_degrees(tx, ids, firsts)}
        return reviews, people, repo.known_by(tx, company_id, viewer_id, firsts)

    company = get_company(graph, company_id)
    reviews, people, known = graph.read_tx(work)
    company["reviews"] = [_review(r, people.get(r["person_id"]), company_id) for r in reviews]
    company["known_by"] = known
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
        return context, saved

    context, saved = graph.write_tx(work)
    return {"company_id": company_id, "category": context["category"], "rating": data["rating"],
            "comment": data["comment"], "delivered_on": data["delivered_on"].isoformat() if data.get("delivered_on") else None,
            "created_at": saved["created_at"], "counted": True, "replaced": context["existing"]}


def vendor_shortlist(graph: GraphStore, asker_id: str, category: str, limit: int = 5,
                     today: date | None = None) -> dict:
    """The best `limit` vendors of the category for this asker, each with its evidence and reasons."""
    today = today or date.today()

    def work(tx):
        start = repo.shortlist_start(tx, category, asker_id)
        if start["key"] is None:
            return None
        rows = repo.shortlist_evidence(tx, start["key"], asker_id, start["firsts"])
        ranked = scoring.rank([_evidence(row) for row in rows], today)[:limit]
        wanted = {w.evidence.person_id for v in ranked for w in v.counted[:EVIDENCE_SHOWN]}
        wanted |= {w.evidence.person_id for v in ranked for w in v.counted if w.evidence.degree}
        people = repo.people_with_degrees(tx, sorted(wanted), start["firsts"])
        return start, ranked, people, repo.companies(tx, [v.company_id for v in ranked])

    found = graph.read_tx(work)
    if found is None:
        raise unknown_category(category)
    start, ranked, people, companies = found
    users = {p["user"]["id"]: p for p in people}
    by_id = {c["id"]: c for c in companies}
    return {"category": start["name"], "items": [_shortlist_item(v, by_id[v.company_id], users) for v in ranked]}


def _evidence(row: dict) -> scoring.Evidence:
    kind = "review" if row["kind"] == "REVIEWED" else "recommendation"
    return scoring.Evidence(row["company_id"], row["person_id"], kind, row["rating"], date.fromisoformat(row["on"]),
                            row["degree"], row["conflict"], row["delivered"])


def _shortlist_item(vendor: scoring.VendorScore, company: dict, users: dict) -> dict:
    names = {pid: p["user"]["name"] for pid, p in users.items()}
    evidence = [{"kind": w.evidence.kind, "by": users[w.evidence.person_id]["user"],
                 "degree": users[w.evidence.person_id]["degree"], "rating": w.evidence.rating,
                 "on": w.evidence.on.isoformat(), "weight": round(w.weight, 4)}
                for w in vendor.counted[:EVIDENCE_SHOWN]]
    return {"company": company, "score": round(vendor.score, 4), "evidence": evidence,
            "evidence_count": len(vendor.counted), "reasons": scoring.explain(vendor, names)}
