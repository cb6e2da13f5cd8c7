"""Work chat: conversations and messages in SQL, delivered live over Socket.IO; the notification channel."""
from core.i18n import N_
from messaging import api, attachment_sweep, digest, files_api, membership_api, notice_receivers, pages, socket_sessions, sockets  # noqa: F401  (routes attach to bp; nothing is connected)
from messaging import communities_api, communities_pages  # noqa: F401
from messaging.blueprint import bp
from core import hooks

__all__ = ["NAV", "bp", "init_app"]
from messaging.nav import NotificationsLabel

NAV = [("messaging.chat_page", N_("Chat")), ("messaging.communities_page", N_("Communities")),
       ("messaging.notifications_page", NotificationsLabel())]


def init_app(app) -> None:
    """Put the chat's handlers on this app's Socket.IO server, connect the notification and session receivers, and
    add the unread count to GET /api/me, and the email digest and the sweep of unsent uploads to the server's upkeep."""
    hooks.register(app, hooks.ME_VIEW, api.unread_for_me)
    hooks.register(app, hooks.UPKEEP, digest.digest_upkeep)
    hooks.register(app, hooks.UPKEEP, attachment_sweep.sweep_upkeep)
    sockets.register()
    notice_receivers.connect_receivers()
    socket_sessions.connect_receivers()
