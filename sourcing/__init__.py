"""Sourcing: a buying team's projects, weighted criteria and score sheets, RFQs and quotes, the decision and its
approvals, and the deal it opens (rated both ways: delivered, paid on time)."""
from core.i18n import N_
from flask import Flask

from accounts import signals as account_signals
from core import hooks
from sourcing import api, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from sourcing import deals, decision_api, decision_pages  # noqa: F401  (decisions, approvals, deals, SRM export)
from sourcing import rfq_api, rfq_pages  # noqa: F401  (RFQs and quotes)
from sourcing import page_formats  # noqa: F401  (the |sourcing_time template filter)
from sourcing.blueprint import bp
from sourcing.deal_repository import DEAL_SCHEMA as GRAPH_SCHEMA

__all__ = ["GRAPH_SCHEMA", "NAV", "bp", "init_app"]

NAV = [("sourcing.projects_page", N_("Sourcing")), ("sourcing.rfq_inbox_page", N_("RFQs")), ("sourcing.deals_page", N_("Deals"))]


def init_app(app: Flask) -> None:
    """Connect sourcing's receivers and extension points (the blueprint is registered by app.py)."""
    # Deals: MEMBER_OF in the graph follows the buying org's membership; sellers see buyers' payment records.
    account_signals.membership_changed.connect(deals.on_membership_changed)
    hooks.register(app, hooks.SELLER_VIEW, decision_pages.show_buyer_payment_records)
