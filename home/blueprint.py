"""The blueprint of the home page and GET /api/home."""
from flask import Blueprint

bp = Blueprint("home", __name__)
