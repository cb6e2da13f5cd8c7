"""Work chat: conversations and messages in SQL, delivered live over Socket.IO."""
from flask import Blueprint

bp = Blueprint("messaging", __name__)

from messaging import events  # noqa: E402,F401  (Socket.IO handlers register on import)
