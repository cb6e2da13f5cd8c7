"""Finding people: profiles with degree, people-you-may-know (formula in docs/network.md), search."""
from core.errors import NotFound, ValidationError
from core.i18n import N_
from core.graph import GraphStore
from network import discovery_repository as repo
from network.search_text import lucene_query

# score = Adamic–Adar + W_COMPANY·companies + W_INDUSTRY·same industry + W_SKILL·min(skills, MAX_SKILLS)
W_COMPANY = 1.0
W_INDUSTRY = 0.1
W_SKILL = 0.05
MAX_SKILLS = 3
# Fan-out caps: a hub's suggestions cost at most FRIEND_CAP × FANOUT expansions before exact scoring.
CAPS = {"friend_cap": 150, "fanout": 200, "colleague_cap": 50}


def person_view(graph: GraphStore, me: str, person_id: str) -> dict:
    """User + degree (1..3 or None; 0 for myself) + mutual connections + where our request stands."""
    row = repo.profile(graph, me, person_id)
    if row is None:
        if me != person_id and repo.profile(graph, me, me) is None:
            raise NotFound(N_("Your profile is not in the graph yet; try again in a moment."))
        raise NotFound(N_("No such person."))
    status = ("self" if me == person_id else "connected" if row["degree"] == 1
              else "request_sent" if row["outgoing_request_id"]
              else "request_received" if row["incoming_request_id"] else "none")
    return {**row["user"], "degree": row["degree"], "employer": row["employer"],
            "mutual_connections": row["mutual_connections"],
            "connection_status": status,
            "request_id": row["outgoing_request_id"] or row["incoming_request_id"]}


def employer_of(graph: GraphStore, person_id: str) -> dict | None:
    """Where the person works now: {company_id, name, verified}, or None."""
    return repo.employer(graph, person_id)


def recommend_people(graph: GraphStore, me: str, limit: int = 10) -> list[dict]:
    """People-you-may-know for me, best first, each with the reasons its score is made of."""
    caps = {**CAPS, "pool": pool_size(limit)}
    rows = repo.suggestion_candidates(graph, me, caps)
    if len(rows) < limit:  # a newcomer: little or no graph yet, so the profile (skills, industry) has to do
        rows += repo.profile_candidates(graph, me, [row["user"]["id"] for row in rows], pool_size(limit))
    scored = [score_candidate(row) for row in rows]
    scored.sort(key=lambda s: (-s["score"], s["user"]["id"]))
    return scored[:limit]


def pool_size(limit: int) -> int:
    """How many phase-1 candidates are scored exactly for `limit` suggestions."""
    return max(2 * limit, 20)


def score_candidate(row: dict) -> dict:
    """One candidate's score and reasons, from the same terms."""
    skills = sorted(row["skills"])[:MAX_SKILLS]
    companies = sorted(row["companies"])
    score = (row["adamic_adar"] + W_COMPANY * len(companies) + (W_INDUSTRY if row["industry"] else 0.0)
             + W_SKILL * len(skills))
    explained = ([{"kind": "mutual", "count": row["mutual"]}] if row["mutual"] else []) \
        + [{"kind": "company", "name": name} for name in companies[:2]] \
        + ([{"kind": "industry", "name": row["industry"]}] if row["industry"] else []) \
        + ([{"kind": "skills", "names": skills}] if skills else [])
    return {"user": row["user"], "score": round(score, 4), "mutual_connections": row["mutual"],
            "reasons": [english_reason(reason) for reason in explained], "explained": explained}


def english_reason(reason: dict) -> str:
    """One reason as the API says it (pages say it in the reader's language: network/suggestion_texts.py)."""
    if reason["kind"] == "mutual":
        return f"{reason['count']} mutual connection{'s' if reason['count'] != 1 else ''}"
    if reason["kind"] == "company":
        return f"worked at {reason['name']}"
    if reason["kind"] == "industry":
        return f"both in {reason['name']}"
    return "shared skills: " + ", ".join(reason["names"])


def dismiss_suggestion(graph: GraphStore, me: str, person_id: str) -> None:
    """Never suggest person_id to me again."""
    if me == person_id:
        raise ValidationError(N_("You cannot dismiss yourself."), {"user_id": [N_("This is your own id.")]})
    if not repo.dismiss(graph, me, person_id):
        raise NotFound(N_("No such person."))


def search_people(graph: GraphStore, me: str, text: str, offset: int, limit: int) -> list[dict]:
    """People whose name (Chinese, or its pinyin), company, title, industry, headline or skills match text."""
    query = lucene_query(text)
    if not query:
        raise ValidationError("Type a name, company, title, industry or skill.", {"q": ["Enter at least one word."]})
    return repo.search(graph, me, query, offset, limit)


def set_skills(graph: GraphStore, me: str, skills: list[str]) -> list[str]:
    """Replace my skills (deduplicated, case-insensitively)."""
    unique = list({s.strip().lower(): s.strip() for s in skills if s.strip()}.values())
    repo.set_skills(graph, me, unique)
    return repo.skills_of(graph, me)


def skills_of(graph: GraphStore, person_id: str) -> list[str]:
    """A person's skills."""
    return repo.skills_of(graph, person_id)
