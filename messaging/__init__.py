"""Work chat: conversations and messages in SQL, delivered live over Socket.IO; the notification channel."""
from flask import Blueprint

from messaging.nav import NotificationsLabel

bp = Blueprint("messaging", __name__)
NAV = [("messaging.chat_page", "Chat"), ("messaging.notifications_page", NotificationsLabel())]

from messaging import api, events, notifications, pages  # noqa: E402,F401  (routes and handlers attach on import)


def init_app(app) -> None:
    """Connect the notification receivers (the blueprint and socket handlers are registered by the factory)."""
    notifications.connect_receivers()
