"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from flask import Blueprint

bp = Blueprint("network", __name__)

from network.vendors import views  # noqa: E402,F401  (vendor routes attach to bp)
