"""The blueprint of chat pages, the chat API and notifications; routes attach to it in their own modules."""
from flask import Blueprint

bp = Blueprint("messaging", __name__)
