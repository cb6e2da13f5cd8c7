"""The blueprint of the graph's pages and API; routes attach to it in api.py and pages.py."""
from flask import Blueprint

bp = Blueprint("network", __name__)
