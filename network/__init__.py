"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from flask import Blueprint

bp = Blueprint("network", __name__)
NAV = [("network.my_network_page", "My network"), ("network.suggestions_page", "People you may know"),
       ("network.search_page", "Search")]

from network import api, pages  # noqa: E402,F401  (routes attach to bp)
