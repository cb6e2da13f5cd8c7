"""The blueprint of the post office's API and page; routes attach to it in their own modules."""
from flask import Blueprint

bp = Blueprint("postoffice", __name__)
