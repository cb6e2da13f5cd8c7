"""The blueprint of trust's pages and API; routes attach to it in api.py and pages.py."""
from flask import Blueprint

bp = Blueprint("trust", __name__)
