"""A seeded, realistic professional network: power-law degrees, companies, industries, skills.

Connections grow by preferential attachment with triadic closure (Holme–Kim), biased towards
colleagues and people of the same industry, so degrees follow a power law and friends of friends
really are likely to know each other — which is what people-you-may-know has to find.
"""
import random
from dataclasses import dataclass, field

INDUSTRIES = {
    "Chemicals": ["Process safety", "Catalysts", "Polymers", "Regulatory affairs"],
    "Industrial Equipment": ["Valves", "Pumps", "Hydraulics", "Maintenance"],
    "Electronics": ["PCB design", "Embedded systems", "Semiconductors", "EMC testing"],
    "Logistics": ["Freight forwarding", "Customs", "Warehousing", "Cold chain"],
    "Metals": ["Steel", "Casting", "Metallurgy", "Welding"],
    "Packaging": ["Corrugated board", "Flexible packaging", "Labeling", "Sustainability"],
    "Manufacturing": ["CNC machining", "Lean", "Quality control", "Automation"],
    "Energy": ["Solar", "Grid", "Batteries", "Power electronics"],
    "Automotive": ["Powertrain", "Tier-1 sourcing", "IATF 16949", "EV components"],
    "Textiles": ["Yarn", "Dyeing", "Technical textiles", "Apparel sourcing"],
}
SURNAMES = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
            "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao", "Müller", "Smith", "Garcia", "Kim", "Tanaka"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Hui", "Qiang", "Na", "Jun", "Xin", "Yu",
         "Ling", "Bo", "Ping", "Anna", "David", "Maria", "Ken", "Sofia", "Omar", "Priya", "Lucas"]
TITLES = ["Procurement Manager", "Sales Director", "Supply Chain Lead", "Plant Engineer", "Key Account Manager",
          "Quality Manager", "Operations Director", "Sourcing Specialist", "CEO", "Purchasing Agent"]
CITIES = ["Shanghai", "Shenzhen", "Hangzhou", "Ningbo", "Guangzhou", "Qingdao", "Suzhou", "Tianjin",
          "Hamburg", "Rotterdam", "Singapore", "Osaka"]


@dataclass
class Network:
    """A generated network, ready to bulk-load."""

    people: list[dict] = field(default_factory=list)
    companies: list[dict] = field(default_factory=list)
    employment: list[dict] = field(default_factory=list)  # {person, company, from, to}
    skills: list[dict] = field(default_factory=list)  # {person, skill}
    connections: list[tuple[str, str]] = field(default_factory=list)


def generate(people: int, seed: int = 42, edges_per_person: int = 10, closure: float = 0.6,
             prefix: str = "gen") -> Network:
    """Generate `people` people with about people × edges_per_person connections."""
    rng = random.Random(seed)
    net = Network()
    _companies(net, rng, max(1, people // 40), prefix)
    for i in range(people):
        _person(net, rng, i, prefix)
    _connect(net, rng, edges_per_person, closure)
    return net


def _companies(net: Network, rng: random.Random, count: int, prefix: str) -> None:
    industries = list(INDUSTRIES)
    for i in range(count):
        industry = rng.choice(industries)
        net.companies.append({"id": f"{prefix}-company-{i}", "name": f"{rng.choice(SURNAMES)} {industry} Co {i}",
                              "domain": None, "industry": industry, "categories": []})


def _person(net: Network, rng: random.Random, i: int, prefix: str) -> None:
    # Company sizes are heavy-tailed: a few big employers, many small ones.
    company = net.companies[min(int(rng.paretovariate(1.2)) - 1, len(net.companies) - 1) if rng.random() < 0.3
                            else rng.randrange(len(net.companies))]
    industry = company["industry"] if rng.random() < 0.85 else rng.choice(list(INDUSTRIES))
    person_id = f"{prefix}-person-{i}"
    net.people.append({
        "id": person_id, "name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", "headline": "",
        "company": company["name"], "title": rng.choice(TITLES), "industry": industry,
        "location": rng.choice(CITIES), "suggestible": rng.random() > 0.03, "crm_consent": rng.random() < 0.5})
    start = rng.randint(2005, 2024)
    net.employment.append({"person": person_id, "company": company["id"], "from": start, "to": None})
    if rng.random() < 0.4:  # a former employer, for "worked at X" reasons
        past = rng.choice(net.companies)
        if past is not company:
            net.employment.append({"person": person_id, "company": past["id"], "from": start - rng.randint(2, 8), "to": start})
    for skill in rng.sample(INDUSTRIES[industry], k=rng.randint(1, 3)):
        net.skills.append({"person": person_id, "skill": skill})


def _connect(net: Network, rng: random.Random, m: int, closure: float) -> None:
    ids = [p["id"] for p in net.people]
    colleagues: dict[str, list[int]] = {}
    for index, job in enumerate(e for e in net.employment if e["to"] is None):
        colleagues.setdefault(job["company"], []).append(index)
    company_of = [e["company"] for e in net.employment if e["to"] is None]
    neighbours: list[set[int]] = [set() for _ in ids]
    endpoints: list[int] = []  # each node once per edge: uniform picks are degree-proportional
    seen: set[tuple[int, int]] = set()

    def link(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        if a == b or key in seen:
            return False
        seen.add(key)
        neighbours[a].add(b)
        neighbours[b].add(a)
        endpoints.extend(key)
        return True

    for node in range(1, len(ids)):
        budget = max(1, int(rng.expovariate(1 / m))) if node > m else node
        target = None
        for _ in range(budget * 3):
            if budget == 0:
                break
            if target is not None and neighbours[target] and rng.random() < closure:
                candidate = rng.choice(tuple(neighbours[target]))  # triadic closure
            elif rng.random() < 0.3:
                candidate = rng.choice(colleagues[company_of[node]])  # someone from work
            else:
                candidate = rng.choice(endpoints) if endpoints else 0  # preferential attachment
            if candidate < node and link(node, candidate):
                target, budget = candidate, budget - 1
    net.connections = [(ids[a], ids[b]) for a, b in seen]
