"""The blueprint of accounts' pages and API; routes attach to it in their own modules."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
