"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from core.i18n import N_
from network import api, introduction_api, introduction_pages, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from network.blueprint import bp
from network.introduction_repository import SCHEMA as INTRODUCTION_SCHEMA
from network.repository import SCHEMA

GRAPH_SCHEMA = SCHEMA + INTRODUCTION_SCHEMA

__all__ = ["GRAPH_SCHEMA", "NAV", "bp"]

NAV = [("network.my_network_page", N_("Network")), ("network.suggestions_page", N_("Suggestions")),
       ("network.introductions_page", N_("Introductions")), ("network.search_page", N_("Search"))]
