"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from flask import Blueprint

bp = Blueprint("network", __name__)
NAV = [("network.vendor_ask_page", "Ask my network"), ("network.vendor_inbox_page", "Requests"),
       ("network.vendor_shortlist_page", "Shortlist")]

from network.vendors import views, pages  # noqa: E402,F401  (vendor routes attach to bp)
