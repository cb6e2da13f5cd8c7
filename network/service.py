"""Rules of the professional graph that other packages call."""
import logging

from core.db import utc_today
from core.errors import NotFound, ValidationError
from core.i18n import N_
from core.graph import GraphStore
from network import repository
from network.search_text import lucene_query

log = logging.getLogger(__name__)

__all__ = ["lucene_query"]  # trust's company search builds its query the same way

# work_domain: the domain of the person's verified work email (trust matches it to a company's domain).
PERSON_FIELDS = ("id", "name", "headline", "company", "title", "industry", "location", "suggestible", "crm_consent",
                 "work_domain")


def upsert_people(graph: GraphStore, people: list[dict]) -> None:
    """Make the graph's Person nodes match these records (only the graph-relevant fields)."""
    graph.ensure_schema()
    repository.upsert_people(graph, [{k: person.get(k) for k in PERSON_FIELDS} for person in people])


def require_company(graph: GraphStore, company_id: str) -> dict:
    """The company {id, name, domain}; 400 naming company_id unless it exists."""
    company = repository.find_company(graph, company_id)
    if company is None:
        raise ValidationError(N_("Unknown company."), {"company_id": [N_("No company with this id.")]})
    return company


def set_employer(graph: GraphStore, person_id: str, company_id: str | None) -> None:
    """Record where the person works now (WORKS_AT); None means they left."""
    year = utc_today().year
    if company_id is None:
        repository.leave_employer(graph, person_id, year)
        return
    if repository.find_company(graph, company_id) is None:
        raise ValidationError(N_("Unknown company."), {"company_id": [N_("No company with this id.")]})
    if repository.set_employer(graph, person_id, company_id, year) is None:
        raise NotFound(N_("This person is not in the graph yet; try again in a moment."))


def upsert_companies(graph: GraphStore, companies: list[dict]) -> None:
    """Create or update companies {id, name, domain, industry, categories}."""
    graph.ensure_schema()
    repository.upsert_companies(graph, companies)


def connect_pairs(graph: GraphStore, pairs: list[dict]) -> None:
    """Bulk-connect pairs {a, b, since}, in batches (the seed and demo data use it)."""
    for start in range(0, len(pairs), 5000):
        repository.connect_pairs(graph, pairs[start:start + 5000])


def are_connected(graph: GraphStore, a: str, b: str) -> bool:
    """Whether two people are 1st-degree connections."""
    return repository.are_connected(graph, a, b)
