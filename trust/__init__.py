"""Trust: companies and their pages, certificates, reviews and what follows them (replies, reports, moderation),
experts and endorsements, "ask my network" requests, and the trusted shortlist."""
from core.i18n import N_
from flask import Flask

from core import hooks
from trust import api, companies, pages, review_api, review_pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from trust import certificate_api, certificate_pages  # noqa: F401  (certificates: routes, as above)
from trust import reason_texts  # noqa: F401  (the |reason template filter)
from trust.blueprint import bp
from trust.repository import TRUST_SCHEMA as GRAPH_SCHEMA

__all__ = ["GRAPH_SCHEMA", "NAV", "bp", "init_app"]

NAV = [("trust.ask_page", N_("Ask my network")), ("trust.requests_page", N_("My requests")), ("trust.inbox_page", N_("Inbox")),
       ("trust.shortlist_page", N_("Shortlist")), ("trust.companies_page", N_("Companies")), ("trust.sellers_page", N_("Seller's view"))]


def init_app(app: Flask) -> None:
    """Apply verified employers for accounts (after a work email is verified, and in the graph upkeep); a person's
    profile shows the categories they are an expert in."""
    hooks.register(app, hooks.VERIFIED_EMPLOYER, companies.apply_verified_domains)
    hooks.register(app, hooks.PERSON_VIEW, api.add_expertise)
