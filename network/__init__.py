"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from network import api, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from network.blueprint import bp

__all__ = ["NAV", "bp"]
from network.vendors import pages as vendor_pages, views as vendor_views  # noqa: F401

NAV = [("network.my_network_page", "Network"), ("network.suggestions_page", "Suggestions"),
       ("network.search_page", "Search"), ("network.vendor_ask_page", "Ask"),
       ("network.vendor_inbox_page", "Requests"), ("network.vendor_shortlist_page", "Shortlist")]
