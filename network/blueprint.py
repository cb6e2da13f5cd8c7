"""The blueprint of the graph's pages and API (and, for now, the vendors'); routes attach to it in their own modules."""
from flask import Blueprint

bp = Blueprint("network", __name__)
