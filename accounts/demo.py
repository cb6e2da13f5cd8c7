"""The demo network a newcomer sees: a few dozen B2B people, companies and connections."""
import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations, service
from accounts.models import User
from core.graph import GraphStore
from network import service as network

DEMO_EMAIL = "demo@guanxi.test"
DEMO_PASSWORD = "guanxi-demo-2026"

COMPANIES = [
    ("Sinopec Procurement", "Chemicals", ["Industrial chemicals"]),
    ("Hangzhou Valve Works", "Industrial Equipment", ["Industrial valves", "Pumps"]),
    ("Ningbo Flow Control", "Industrial Equipment", ["Industrial valves"]),
    ("Shenzhen Circuit Co", "Electronics", ["PCB assembly", "Electronic components"]),
    ("Yangtze Freight", "Logistics", ["Freight forwarding", "Warehousing"]),
    ("Qingdao Steel Supply", "Metals", ["Steel pipes", "Stainless steel"]),
    ("Guangzhou Packaging", "Packaging", ["Corrugated packaging"]),
    ("Suzhou Precision", "Manufacturing", ["CNC machining"]),
]
FIRST = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Hui", "Qiang", "Na", "Jun", "Xin"]
TITLES = ["Procurement Manager", "Sales Director", "Supply Chain Lead", "Plant Engineer", "Key Account Manager",
          "Quality Manager", "Operations Director", "Sourcing Specialist"]
CITIES = ["Shanghai", "Shenzhen", "Hangzhou", "Ningbo", "Guangzhou", "Qingdao", "Suzhou", "Tianjin"]


def load(session: Session, graph: GraphStore, people: int = 36, seed: int = 7) -> bool:
    """Create the demo network unless the demo user exists; True when it was created."""
    if session.scalar(select(User.id).where(User.email == DEMO_EMAIL)):
        return False
    rng = random.Random(seed)
    companies = [{"id": f"demo-company-{i}", "name": name, "domain": None, "industry": industry, "categories": cats}
                 for i, (name, industry, cats) in enumerate(COMPANIES)]
    network.upsert_companies(graph, companies)
    users = [_person(session, graph, i, rng, companies) for i in range(people)]
    network.connect_pairs(graph, _pairs(users, rng))
    team = organizations.create_org(session, users[0], {"name": "Hangzhou Valve Works Sales", "domain": None})
    for user in users[1:4]:
        organizations.add_member(session, users[0], team.id, user.id, "member")
    return True


def _person(session: Session, graph: GraphStore, i: int, rng: random.Random, companies: list[dict]) -> User:
    company = companies[i % len(companies)]
    name = "Demo User" if i == 0 else f"{rng.choice(FIRST)} {rng.choice(GIVEN)}"
    email = DEMO_EMAIL if i == 0 else f"{name.lower().replace(' ', '.')}.{i}@guanxi.test"
    user = service.register(session, graph, {
        "email": email, "password": DEMO_PASSWORD, "name": name, "company": company["name"],
        "title": rng.choice(TITLES), "industry": company["industry"], "location": rng.choice(CITIES),
        "headline": f"{rng.choice(TITLES)} at {company['name']}"})
    service.update_profile(session, graph, user, {"company_id": company["id"], "crm_consent": rng.random() < 0.6})
    return user


def _pairs(users: list[User], rng: random.Random) -> list[dict]:
    """Preferential attachment, so a few people are hubs as in a real network."""
    pairs, degree = set(), [1] * len(users)
    for i in range(1, len(users)):
        for _ in range(rng.randint(1, 4)):
            j = rng.choices(range(i), weights=degree[:i])[0]
            pairs.add((users[j].id, users[i].id))
            degree[i] += 1
            degree[j] += 1
    since = datetime.now(timezone.utc) - timedelta(days=rng.randint(30, 900))
    return [{"a": a, "b": b, "since": since.isoformat()} for a, b in sorted(pairs)]
