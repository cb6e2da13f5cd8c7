"""Vendors for a generated network: categories, locations and certificates per company, reviews of real deliveries
(several per returning buyer, some by verified reviewers, some tied to delivered deals), experts' endorsements and
answered requests.

Each vendor has a hidden quality; buyers mostly review vendors of categories near their own industry, popular
vendors get more business (Pareto), ratings scatter around the quality, experts endorse good vendors of their
category, and requests are answered by the asker's connections — so the shortlist has realistic, unevenly spread
evidence of every kind to rank.
"""
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from core.db import utc_today
from core.graph import GraphStore
from bench import graph_tools
from network.generator import Network
from trust import aggregates

CATEGORIES = {
    "Chemicals": ["Industrial chemicals", "Solvents", "Catalysts", "Lab testing", "Specialty coatings"],
    "Industrial Equipment": ["Industrial valves", "Pumps", "Hydraulic systems", "Compressors", "Bearings"],
    "Electronics": ["PCB assembly", "Electronic components", "Cable harnesses", "EMC testing", "Sensors"],
    "Logistics": ["Freight forwarding", "Warehousing", "Customs brokerage", "Cold chain transport", "Last-mile delivery"],
    "Metals": ["Steel pipes", "Stainless steel", "Aluminium extrusion", "Castings", "Metal plating"],
    "Packaging": ["Corrugated packaging", "Flexible packaging", "Labels", "Pallets", "Protective foam"],
    "Manufacturing": ["CNC machining", "Injection moulding", "Sheet metal fabrication", "3D printing", "Assembly services"],
    "Energy": ["Solar panels", "Battery storage", "Power electronics", "Transformers", "Energy audits"],
    "Automotive": ["Powertrain parts", "EV components", "Automotive wiring", "Brake systems", "Tooling"],
    "Textiles": ["Yarn", "Dyeing services", "Technical textiles", "Garment manufacturing", "Fabric printing"],
}
CITIES = ["Shanghai", "Shenzhen", "Hangzhou", "Ningbo", "Guangzhou", "Qingdao", "Suzhou", "Tianjin", "Wuhan",
          "Chengdu", "Xiamen", "Dongguan"]
CERTIFICATES = [("ISO 9001:2015", "Quality management", 0.5), ("ISO 14001:2015", "Environmental management", 0.2),
                ("ISO 45001:2018", "Occupational health and safety", 0.1), ("API 6D", "Pipeline valves", 0.05),
                ("CE", "CE marking", 0.15), ("IATF 16949", "Automotive quality management", 0.05)]  # share holding it
VERIFIED_SHARE = 0.4  # people whose employer is verified by a work email
RETURNING_SHARE = 0.3  # reviews followed by more deliveries from the same vendor
DEAL_SHARE = 0.2  # verified reviewers' reviews tied to a delivered deal
EXPERTS_PER_PERSON = 1 / 500
COMMENTS = ["On time and as specified.", "Good price, slow paperwork.", "Quality issues on the first batch.",
            "Excellent engineering support.", "Would order again.", "Late delivery, fixed quickly.", ""]


@dataclass
class VendorData:
    """Everything to bulk-load after the network itself."""

    reviews: list[dict] = field(default_factory=list)  # {id, person, company, category, rating, quality, delivery,
    #   service, comment, delivered_on, reviewer_verified, verified_delivery, deal_id, at}
    requests: list[dict] = field(default_factory=list)  # {id, asker, category, details, vendors_may_contact, at}
    answers: list[dict] = field(default_factory=list)  # {id, person, company, request, category, comment, at}
    verified: list[dict] = field(default_factory=list)  # {person, company, at}: verified current employment
    endorsements: list[dict] = field(default_factory=list)  # {id, person, company, category, statement, at}
    certificates: list[dict] = field(default_factory=list)  # {id, company, name, standard, issuer, number, valid_*}
    locations: list[dict] = field(default_factory=list)  # {company, location}


def add_vendors(net: Network, seed: int = 7, review_share: float = 0.35, ask_share: float = 0.03,
                today: date | None = None) -> VendorData:
    """Give every company 1–3 categories of its industry (in place) and generate its evidence."""
    rng, today = random.Random(seed), today or utc_today()
    suppliers: dict[str, list[tuple[str, float]]] = {}
    quality: dict[str, float] = {}
    data = VendorData()
    for company in net.companies:
        company["categories"] = rng.sample(CATEGORIES[company["industry"]], k=rng.randint(1, 3))
        quality[company["id"]] = min(4.9, max(1.5, rng.gauss(3.8, 0.6)))
        for name in company["categories"]:
            suppliers.setdefault(name, []).append((company["id"], rng.paretovariate(1.3)))  # popularity
        _company_facts(data, rng, company["id"], today)
    employer = {job["person"]: job["company"] for job in net.employment if job["to"] is None}
    verified = {pid for pid in employer if rng.random() < VERIFIED_SHARE}
    data.verified = [{"person": pid, "company": employer[pid], "at": _moment(today - timedelta(days=rng.randint(1, 400)))}
                     for pid in sorted(verified)]
    for person in net.people:
        if rng.random() < review_share:
            for _ in range(rng.randint(1, 3)):
                _review(data, rng, person, suppliers, quality, employer, person["id"] in verified, today)
    _endorsements(data, rng, net, suppliers, quality, employer, sorted(verified), today)
    _requests(data, rng, net, suppliers, quality, employer, verified, ask_share, today)
    return data


def _moment(day: date) -> str:
    return datetime.combine(day, datetime.min.time(), timezone.utc).isoformat()


def _company_facts(data: VendorData, rng: random.Random, company_id: str, today: date) -> None:
    """A location, and its certificates (about one in eight expired) for one company."""
    data.locations.append({"company": company_id, "location": f"{rng.choice(CITIES)}, China"})
    for standard, name, _share in [c for c in CERTIFICATES if rng.random() < c[2]]:
        valid_from = today - timedelta(days=rng.randint(30, 1800))
        valid_until = valid_from + timedelta(days=3 * 365) if rng.random() < 0.875 else today - timedelta(days=rng.randint(1, 300))
        data.certificates.append({"id": f"gen-cert-{len(data.certificates)}", "company": company_id, "name": name,
                                  "standard": standard, "issuer": rng.choice(["TÜV SÜD", "SGS", "Bureau Veritas", "DNV"]),
                                  "number": f"CN-{rng.randint(10000, 99999)}", "valid_from": valid_from.isoformat(),
                                  "valid_until": max(valid_until, valid_from + timedelta(days=1)).isoformat()})


def _pick_category(rng: random.Random, industry: str, suppliers: dict) -> str:
    # Buyers mostly buy what their own industry uses, sometimes anything else.
    names = CATEGORIES[industry] if rng.random() < 0.6 else CATEGORIES[rng.choice(list(CATEGORIES))]
    return rng.choice([n for n in names if n in suppliers] or list(suppliers))


def _pick_vendor(rng: random.Random, options: list[tuple[str, float]], quality: dict, avoid: str | None) -> str | None:
    choices = [(cid, weight * quality[cid]) for cid, weight in options if cid != avoid]
    if not choices:
        return None
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _review(data, rng, person, suppliers, quality, employer, verified: bool, today) -> None:
    category = _pick_category(rng, person["industry"], suppliers)
    company = _pick_vendor(rng, suppliers[category], quality, employer.get(person["id"]))
    if company is None:
        return
    deliveries = 1 + (rng.randint(1, 3) if rng.random() < RETURNING_SHARE else 0)  # a returning buyer
    for _ in range(deliveries):
        delivered = today - timedelta(days=rng.randint(5, 1500))
        rating = round(min(5, max(1, rng.gauss(quality[company], 0.8))))
        at = datetime.combine(delivered + timedelta(days=rng.randint(1, 30)), datetime.min.time(), timezone.utc)
        deal = verified and rng.random() < DEAL_SHARE
        review_id = f"gen-review-{len(data.reviews)}"
        data.reviews.append({
            "id": review_id, "person": person["id"], "company": company, "category": category.lower(), "rating": rating,
            **{k: round(min(5, max(1, rng.gauss(rating, 0.7)))) for k in ("quality", "delivery", "service")},
            "comment": rng.choice(COMMENTS), "delivered_on": delivered.isoformat(), "reviewer_verified": verified,
            "verified_delivery": deal, "deal_id": f"gen-deal-{review_id}" if deal else None,
            "at": min(at, datetime.now(timezone.utc)).isoformat()})


def _endorsements(data, rng, net, suppliers, quality, employer, verified: list[str], today) -> None:
    """Experts (verified people, granted one category near their industry) endorse a few of its best vendors."""
    industry = {p["id"]: p["industry"] for p in net.people}
    for expert in rng.sample(verified, k=min(len(verified), int(len(net.people) * EXPERTS_PER_PERSON))):
        category = _pick_category(rng, industry[expert], suppliers)
        good = sorted(suppliers[category], key=lambda s: -quality[s[0]])[:10]
        for company, _ in rng.sample(good, k=min(len(good), rng.randint(1, 4))):
            if company == employer.get(expert):
                continue
            data.endorsements.append({"id": f"gen-endorsement-{len(data.endorsements)}", "person": expert,
                                      "company": company, "category": category.lower(),
                                      "statement": "Audited their plant; reliable quality system.",
                                      "at": _moment(today - timedelta(days=rng.randint(1, 700)))})


def _requests(data, rng, net, suppliers, quality, employer, verified, share, today) -> None:
    neighbours: dict[str, list[str]] = {}
    for a, b in net.connections:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen_pairs = {(r["person"], r["company"], r["category"]) for r in data.reviews}
    for person in net.people:
        if rng.random() >= share or not neighbours.get(person["id"]):
            continue
        category = _pick_category(rng, person["industry"], suppliers)
        request_id = f"gen-request-{len(data.requests)}"
        at = datetime.combine(today - timedelta(days=rng.randint(1, 700)), datetime.min.time(), timezone.utc)
        data.requests.append({"id": request_id, "asker": person["id"], "category": category.lower(),
                              "details": f"Looking for {category.lower()}", "vendors_may_contact": rng.random() < 0.4,
                              "at": at.isoformat()})
        friends = neighbours[person["id"]]
        for friend in rng.sample(friends, k=min(len(friends), rng.randint(0, 4))):
            company = _pick_vendor(rng, suppliers[category], quality, employer.get(friend))
            if company is None or (friend, company, category.lower()) in seen_pairs:
                continue
            data.answers.append({"id": f"{request_id}-{friend}", "person": friend, "company": company,
                                 "verified": friend in verified,
                                 "request": request_id, "category": category.lower(),
                                 "comment": rng.choice(COMMENTS), "at": (at + timedelta(days=1)).isoformat()})


def load(graph: GraphStore, data: VendorData, batch: int = 10_000) -> dict:
    """Write the vendor data (after network.loader.load wrote the companies); seconds per part."""
    timings = {}
    for name, write, rows in (("locations", graph_tools.bulk_locations, data.locations),
                              ("certificates", graph_tools.bulk_certificates, data.certificates),
                              ("verified", graph_tools.bulk_verified, data.verified),
                              ("reviews", graph_tools.bulk_reviews, data.reviews),
                              ("endorsements", graph_tools.bulk_endorsements, data.endorsements),
                              ("requests", graph_tools.bulk_requests, data.requests),
                              ("answers", graph_tools.bulk_answers, data.answers)):
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            write(graph, rows[start:start + batch])
        timings[name] = {"rows": len(rows), "seconds": time.perf_counter() - started}
    started = time.perf_counter()
    aggregates.refresh_all_aggregates(graph)
    rows = len(data.reviews) + len(data.answers) + len(data.endorsements)
    timings["aggregates"] = {"rows": rows, "seconds": time.perf_counter() - started}
    return timings
