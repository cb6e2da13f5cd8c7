"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from network import api, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from network.blueprint import bp
from network.repository import SCHEMA as GRAPH_SCHEMA

__all__ = ["GRAPH_SCHEMA", "NAV", "bp"]

NAV = [("network.my_network_page", "Network"), ("network.suggestions_page", "Suggestions"),
       ("network.search_page", "Search")]
