"""The blueprint of sourcing's pages and API; routes attach to it in its *_api.py and *_pages.py modules."""
from flask import Blueprint

bp = Blueprint("sourcing", __name__)
