"""The professional graph in Neo4j: people, companies, connections, recommendations."""
from flask import Blueprint

bp = Blueprint("network", __name__)
