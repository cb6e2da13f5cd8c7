"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from flask import Blueprint

bp = Blueprint("network", __name__)
NAV = [("network.my_network_page", "Network"), ("network.suggestions_page", "Suggestions"),
       ("network.search_page", "Search"), ("network.vendor_ask_page", "Ask"),
       ("network.vendor_inbox_page", "Requests"), ("network.vendor_shortlist_page", "Shortlist")]

from network import api, pages  # noqa: E402,F401  (routes attach to bp)
from network.vendors import pages as vendor_pages, views as vendor_views  # noqa: E402,F401
