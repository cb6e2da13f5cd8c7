"""The demo network a newcomer sees: people, companies, connections, reviews, a request, a chat, leads."""
import io
import random
from datetime import date, datetime, timedelta, timezone

import click
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations, service, verification, work_email
from accounts.models import User
from core import storage as file_storage, uow
from core.db import get_session, utc_today
from core.extensions import graph as graph_store
from core.graph import GraphStore
from crm_sync import targets as crm_targets, worker as crm_worker
import demo_communities
import demo_pipeline
import demo_sourcing
from demo_documents import certificate_pdf
from messaging import conversations, service as messaging
from network import connections, service as network
from trust import (asking, certificates, companies as company_pages, experts, moderation, replies,
                   review_repository as reviews_repo, reviews, service as vendors)

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
    team = organizations.create_org(session, users[0], {"name": "Demo Sales Team", "domain": None})
    for user in users[1:4]:  # invited, and each says yes
        organizations.invite_member(session, users[0], team.id, user.id, "member")
        organizations.accept_invitation(session, user, team.id)
    uow.commit(session)  # the command is the unit of work's boundary: nothing stays open across graph calls
    page_admin = _verified_vendor(session, graph, users, companies[1])
    _reviews(graph, users, companies, rng)
    _verified_trust(graph, users, companies)
    _activity(session, graph, users, team.id)
    demo_pipeline.load_pipeline(session, team.id, users)
    _certificates(graph, page_admin, companies[1])
    _reply_and_report(session, graph, page_admin, users, companies[1])
    demo_sourcing.load_sourcing(session, graph, users, companies)
    demo_communities.load_communities(session, users[0], users)
    return True


def _certificates(graph: GraphStore, admin: User, company: dict) -> None:
    """The company's page admin (who claimed it) adds an ISO 9001 certificate with its PDF, and an expired API 6D one."""
    today = utc_today()
    valid = {"name": "Quality management system", "standard": "ISO 9001:2015", "issuer": "TÜV SÜD",
             "number": "12 100 58231 TMS", "valid_from": today - timedelta(days=400),
             "valid_until": today + timedelta(days=695)}
    pdf = certificate_pdf([f"{valid['name']} - {valid['standard']}", company["name"], "Certificate no. " + valid["number"],
                           f"Valid {valid['valid_from']} to {valid['valid_until']}"])
    certificates.add_certification(graph, file_storage.current(), admin.id, company["id"], valid, io.BytesIO(pdf))
    certificates.add_certification(graph, file_storage.current(), admin.id, company["id"], {
        "name": "Pipeline valves", "standard": "API 6D", "issuer": "American Petroleum Institute",
        "number": "6D-1187", "valid_from": date(2021, 5, 1), "valid_until": date(2024, 4, 30)})


def _verified_vendor(session: Session, graph: GraphStore, users: list[User], company: dict) -> User:
    """A company page run by the company: two of the valve works' staff proved a work email at its domain (the demo
    team's seller among them: sellers need a verified employer); the first claimed the page and filled it in. Everyone
    else's employer stays self-declared."""
    domain = "hzvalve.com.cn"
    network.upsert_companies(graph, [{**company, "domain": domain}])
    staff = [u for u in users if u.company_id == company["id"]][:2]
    for user in staff:  # the code a mail would carry, entered at once (no demo mail leaves the machine)
        code, _ = verification.issue_code(session, user, work_email.PURPOSE, user.email.split("@")[0] + "@" + domain)
        uow.commit(session)  # a try is counted in a unit of its own, which must see the code
        work_email.verify(session, graph, user, code)
        uow.commit(session)  # the verified employer is written after the commit
    company_pages.claim(session, graph, staff[0].id, domain, company["id"])
    company_pages.update_company(graph, staff[0].id, domain, company["id"], {
        "description": "Gate, ball and check valves for water and petrochemical plants since 1998.",
        "website": "https://hzvalve.com.cn", "location": "Hangzhou", "size": "201-1000"})
    uow.commit(session)
    return staff[0]


def _reviews(graph: GraphStore, users: list[User], companies: list[dict], rng: random.Random) -> None:
    """Real deliveries rated by buyers who do not work at the vendor (the demo user rates valves)."""
    valves = companies[1]
    vendors.review_company(graph, users[0].id, valves["id"], {
        "category": "Industrial valves", "rating": 5, "comment": "Delivered 40 DN150 gate valves on time.",
        "delivered_on": date(2026, 3, 12)})
    for company in companies:
        staff = {u.id for u in users if u.company_id == company["id"]}
        for reviewer in rng.sample([u for u in users[1:] if u.id not in staff], k=3):
            delivered = date(2026, 1, 1) - timedelta(days=rng.randint(10, 600))
            vendors.review_company(graph, reviewer.id, company["id"], {
                "category": rng.choice(company["categories"]), "rating": rng.choice([3, 4, 4, 5, 5]),
                "comment": rng.choice(["Solid quality, fair price.", "Good documentation and support.",
                                       "Slow paperwork, but the goods were right."]),
                "delivered_on": delivered})


def _verified_trust(graph: GraphStore, users: list[User], companies: list[dict]) -> None:
    """Verified and unverified reviewers, several deliveries by one buyer (which makes them an expert in valves),
    and an expert granted by an admin who endorses a valve maker."""
    for user in (users[0], users[3], users[4]):  # their work email is verified (the demo skips the mail)
        reviews_repo.mark_employment_verified(graph, user.id)
    flow_control, valve_works = companies[2], companies[1]
    for delivered, rating, sub in ((date(2025, 5, 20), 4, (4, 3, 4)), (date(2025, 10, 8), 5, (5, 5, 4)),
                                   (date(2026, 2, 14), 4, (4, 4, 5))):
        reviews.review_company(graph, users[3].id, flow_control["id"], {
            "category": "Industrial valves", "rating": rating, "quality": sub[0], "delivery": sub[1], "service": sub[2],
            "comment": f"Batch of DN80 ball valves, delivered {delivered:%B %Y}.", "delivered_on": delivered})
    reviews.review_company(graph, users[6].id, flow_control["id"], {
        "category": "Industrial valves", "rating": 3, "comment": "Fine valves, slow paperwork.",
        "delivered_on": date(2025, 12, 1)})
    experts.grant_expert(graph, users[4].id, "Industrial valves", "demo")
    experts.endorse_company(graph, users[4].id, valve_works["id"], {
        "category": "Industrial valves", "statement": "Audited their foundry in 2025: API 6D process, traceable castings."})


def _reply_and_report(session: Session, graph: GraphStore, page_admin: User, users: list[User], company: dict) -> None:
    """The valve works answers its lowest-rated review; a buyer reports another review of it, which waits in the
    moderation queue (the demo user is a platform admin and sees it at /admin/moderation)."""
    rows = [r for r in graph.read_tx(reviews.company_reviews, company["id"], page_admin.id, 50) if not r["hidden"]]
    rows.sort(key=lambda r: (r["rating"], r["created_at"]))
    replies.reply(graph, page_admin.id, rows[0]["id"], "Sorry about the delay: we have since added a second "
                  "machining line, and lead times are back to four weeks.")
    reporter = next(u for u in users if u.id not in (page_admin.id, rows[-1]["person_id"]))
    moderation.flag_review(session, graph, reporter.id, rows[-1]["id"], "Reads like it was written by their sales team.")
    service.set_platform_admin(session, DEMO_EMAIL, True)
    uow.commit(session)


def _activity(session: Session, graph: GraphStore, users: list[User], team_id: str) -> None:
    """Something waiting for the demo user: a request, a question from the network, a chat, CRM leads (from the
    network, and an intent lead from a buyer who lets pump vendors contact them: the team sells pumps)."""
    demo, colleague = users[0], users[1]
    stranger = next(u for u in users[4:] if not network.are_connected(graph, demo.id, u.id))
    connections.request_connection(graph, stranger.id, demo.id, "We met at the Canton Fair valve stand.")
    uow.commit(session)  # its notification is written in this session: commit before the next graph call
    friend = next(u for u in users[4:] if network.are_connected(graph, demo.id, u.id))
    asking.ask_network(graph, friend.id, {"category": "Industrial valves", "vendors_may_contact": False,
                                          "details": "DN100 stainless ball valves, 200 units, delivery to Ningbo."})
    uow.commit(session)  # likewise the recipients' notifications
    buyer = next(u for u in users[4:] if u.company_id != colleague.company_id)
    asking.ask_network(graph, buyer.id, {"category": "Pumps", "vendors_may_contact": True,
                                         "details": "Two centrifugal pumps for a cooling loop; quotes welcome."})
    chat, _ = conversations.create_conversation(session, graph, demo.id, {"participant_ids": [colleague.id]})
    uow.commit(session)  # sends are committed by the chat's own writer
    for sender, body in ((colleague, "Morning! Did Sinopec confirm the valve order?"),
                         (demo, "Yes, 40 units, delivery in March."), (colleague, "Great, I'll update the lead.")):
        messaging.send_message(session, sender.id, chat.id, body, None)
    crm_targets.configure(session, team_id, {"enabled": True})
    uow.commit(session)
    crm_worker.reconcile(session, graph, team_id)


def register(app: Flask) -> None:
    """`flask demo load`: the demo data, once."""
    group = click.Group("demo", help="Demo data.")

    @group.command("load")
    def load_command():
        """Load the small demo network once (a second run changes nothing)."""
        if not graph_store.ensure_schema():
            raise click.ClickException("Neo4j is unreachable at " + app.config["NEO4J_URI"])
        created = load(get_session(), graph_store)
        click.echo(f"demo data: {'loaded' if created else 'already present'}; "
                   f"log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")

    app.cli.add_command(group)


def _person(session: Session, graph: GraphStore, i: int, rng: random.Random, companies: list[dict]) -> User:
    company = companies[i % len(companies)]
    name = "Demo User" if i == 0 else f"{rng.choice(FIRST)} {rng.choice(GIVEN)}"
    email = DEMO_EMAIL if i == 0 else f"{name.lower().replace(' ', '.')}.{i}@guanxi.test"
    user = service.register(session, graph, {
        "email": email, "password": DEMO_PASSWORD, "name": name, "company": company["name"],
        "title": rng.choice(TITLES), "industry": company["industry"], "location": rng.choice(CITIES),
        "headline": f"{rng.choice(TITLES)} at {company['name']}"})
    uow.commit(session)
    service.update_profile(session, graph, user, {"company_id": company["id"], "crm_consent": rng.random() < 0.6})
    uow.commit(session)
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
