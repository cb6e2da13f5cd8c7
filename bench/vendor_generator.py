"""Vendors for a generated network: categories per company, reviews of real deliveries, answered requests.

Each vendor has a hidden quality; buyers mostly review vendors of categories near their own industry, popular
vendors get more business (Pareto), ratings scatter around the quality, and requests are answered by the
asker's connections — so the shortlist has realistic, unevenly spread evidence to rank.
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
COMMENTS = ["On time and as specified.", "Good price, slow paperwork.", "Quality issues on the first batch.",
            "Excellent engineering support.", "Would order again.", "Late delivery, fixed quickly.", ""]


@dataclass
class VendorData:
    """Reviews, requests and answers to bulk-load after the network itself."""

    reviews: list[dict] = field(default_factory=list)  # {person, company, category, rating, comment, delivered_on, at}
    requests: list[dict] = field(default_factory=list)  # {id, asker, category, details, vendors_may_contact, at}
    answers: list[dict] = field(default_factory=list)  # {id, person, company, request, category, comment, at}


def add_vendors(net: Network, seed: int = 7, review_share: float = 0.35, ask_share: float = 0.03,
                today: date | None = None) -> VendorData:
    """Give every company 1–3 categories of its industry (in place) and generate reviews and answered requests."""
    rng, today = random.Random(seed), today or utc_today()
    suppliers: dict[str, list[tuple[str, float]]] = {}
    quality: dict[str, float] = {}
    for company in net.companies:
        company["categories"] = rng.sample(CATEGORIES[company["industry"]], k=rng.randint(1, 3))
        quality[company["id"]] = min(4.9, max(1.5, rng.gauss(3.8, 0.6)))
        for name in company["categories"]:
            suppliers.setdefault(name, []).append((company["id"], rng.paretovariate(1.3)))  # popularity
    employer = {job["person"]: job["company"] for job in net.employment if job["to"] is None}
    data = VendorData()
    for person in net.people:
        if rng.random() < review_share:
            for _ in range(rng.randint(1, 3)):
                _review(data, rng, person, suppliers, quality, employer, today)
    unique = {(r["person"], r["company"], r["category"]): r for r in reversed(data.reviews)}
    data.reviews = list(reversed(unique.values()))  # one review per (person, company, category), as the API keeps
    _requests(data, rng, net, suppliers, quality, employer, ask_share, today)
    return data


def _pick_category(rng: random.Random, industry: str, suppliers: dict) -> str:
    # Buyers mostly buy what their own industry uses, sometimes anything else.
    names = CATEGORIES[industry] if rng.random() < 0.6 else CATEGORIES[rng.choice(list(CATEGORIES))]
    return rng.choice([n for n in names if n in suppliers] or list(suppliers))


def _pick_vendor(rng: random.Random, options: list[tuple[str, float]], quality: dict, avoid: str | None) -> str | None:
    choices = [(cid, weight * quality[cid]) for cid, weight in options if cid != avoid]
    if not choices:
        return None
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _review(data, rng, person, suppliers, quality, employer, today) -> None:
    category = _pick_category(rng, person["industry"], suppliers)
    company = _pick_vendor(rng, suppliers[category], quality, employer.get(person["id"]))
    if company is None:
        return
    delivered = today - timedelta(days=rng.randint(5, 1500))
    rating = round(min(5, max(1, rng.gauss(quality[company], 0.8))))
    at = datetime.combine(delivered + timedelta(days=rng.randint(1, 30)), datetime.min.time(), timezone.utc)
    data.reviews.append({"person": person["id"], "company": company, "category": category.lower(), "rating": rating,
                         "comment": rng.choice(COMMENTS), "delivered_on": delivered.isoformat(),
                         "at": min(at, datetime.now(timezone.utc)).isoformat()})


def _requests(data, rng, net, suppliers, quality, employer, share, today) -> None:
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
                                 "request": request_id, "category": category.lower(),
                                 "comment": rng.choice(COMMENTS), "at": (at + timedelta(days=1)).isoformat()})


def load(graph: GraphStore, data: VendorData, batch: int = 10_000) -> dict:
    """Write reviews, requests and answers (after network.loader.load wrote the companies); seconds per part."""
    timings = {}
    for name, write, rows in (("reviews", graph_tools.bulk_reviews, data.reviews),
                              ("requests", graph_tools.bulk_requests, data.requests),
                              ("answers", graph_tools.bulk_answers, data.answers)):
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            write(graph, rows[start:start + batch])
        timings[name] = {"rows": len(rows), "seconds": time.perf_counter() - started}
    started = time.perf_counter()
    aggregates.refresh_all_aggregates(graph)
    timings["aggregates"] = {"rows": len(data.reviews) + len(data.answers), "seconds": time.perf_counter() - started}
    return timings
