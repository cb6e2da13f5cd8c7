"""Sourcing: a buying team's projects, weighted criteria and score sheets, RFQs and quotes, the decision and its
approvals, and the deal it opens (rated both ways: delivered, paid on time)."""
from flask import Flask

from sourcing import api, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from sourcing.blueprint import bp
from sourcing import rfq_api, rfq_pages  # noqa: F401,E402  (RFQs and quotes: routes attach to bp on import)

__all__ = ["NAV", "bp", "init_app"]

NAV = [("sourcing.projects_page", "Sourcing")]
NAV += [("sourcing.rfq_inbox_page", "RFQs")]  # a vendor's RFQ inbox


def init_app(app: Flask) -> None:
    """Nothing to connect yet beyond the routes (the blueprint is registered by app.py)."""
