"""Trust: companies and their categories, reviews, "ask my network" requests, the trusted shortlist, moderation."""
from trust import api, pages, review_api, review_pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from trust import certificate_api, certificate_pages  # noqa: F401  (certificates: routes, as above)
from trust.blueprint import bp
from trust.repository import TRUST_SCHEMA as GRAPH_SCHEMA

__all__ = ["GRAPH_SCHEMA", "NAV", "bp"]

NAV = [("trust.ask_page", "Ask"), ("trust.inbox_page", "Requests"), ("trust.shortlist_page", "Shortlist")]
