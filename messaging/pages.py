"""Browser pages: the chat and the notifications list; the pinned socket.io client from node_modules."""
from flask import abort, render_template, send_from_directory
from flask_login import current_user, login_required

from core.config import ROOT
from core.db import get_session
from messaging import bp, conversations, notifications

SOCKET_IO_DIST = ROOT / "node_modules" / "socket.io-client" / "dist"


@bp.get("/chat")
@login_required
def chat_page():
    """The conversations, the open conversation and the composer (driven by static/chat.js)."""
    session = get_session()
    return render_template("messaging/chat.html", conversations=conversations.list_conversations(session, current_user.id),
                           unread_notifications=notifications.unread_count(session, current_user.id))


@bp.get("/notifications")
@login_required
def notifications_page():
    """My notifications, newest first."""
    session = get_session()
    items, _ = notifications.list_notifications(session, current_user.id, limit=100)
    return render_template("messaging/notifications.html", notifications=items,
                           unread_notifications=notifications.unread_count(session, current_user.id))


@bp.get("/vendor/socket.io.min.js")
def socket_io_client():
    """socket.io-client as installed by npm (package.json pins it; it is not committed)."""
    if not (SOCKET_IO_DIST / "socket.io.min.js").exists():
        abort(404, "socket.io-client is not installed; run `make setup` (npm ci).")
    return send_from_directory(SOCKET_IO_DIST, "socket.io.min.js", mimetype="text/javascript", max_age=3600)
