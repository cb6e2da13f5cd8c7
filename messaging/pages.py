"""Browser pages: the chat and the notifications list; the pinned socket.io client from node_modules."""
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from accounts.organizations import colleagues_of
from accounts.service import find_by_email
from core.config import ROOT
from core import uow
from core.db import get_session
from core.errors import DomainError, translated
from core.i18n import N_
from core.extensions import graph
from messaging import conversations, delivery, notification_settings, notifications
from messaging.blueprint import bp
from messaging.notice_texts import DIGEST_LABELS, kind_label, shown_text

SOCKET_IO_DIST = ROOT / "node_modules" / "socket.io-client" / "dist"


@bp.get("/chat")
@login_required
def chat_page():
    """The conversations, the open conversation and the composer (driven by static/chat.js)."""
    return _chat(request.args.get("c") or None)


def _chat(open_id: str | None, errors: tuple = (), status: int = 200):
    session = get_session()
    mine = conversations.list_conversations(session, current_user.id)
    if open_id and open_id not in {c["id"] for c in mine}:
        open_id, errors = None, (*errors, N_("That conversation is not one of yours."))
    return render_template("messaging/chat.html", conversations=mine, open_id=open_id,
                           errors=[translated(message) for message in errors],
                           colleagues=colleagues_of(session, current_user.id),
                           unread_notifications=notifications.unread_count(session, current_user.id)), status


@bp.post("/chat/start")
@login_required
def start_conversation():
    """Start (or reopen) a conversation with the people named by email."""
    session = get_session()
    emails = [e.strip() for e in request.form.get("people", "").replace(";", ",").split(",") if e.strip()]
    title = request.form.get("title", "").strip()[:200]
    try:
        if not emails and not request.form.get("colleague", "").strip():
            raise DomainError(N_("Name someone by email, or pick a colleague."))
        picked = request.form.get("colleague", "").strip()
        ids = ([picked] if picked else []) + [find_by_email(session, email).id for email in emails[:50]]
        conversation, created = conversations.create_conversation(
            session, graph, current_user.id, {"participant_ids": ids, "title": title})
    except DomainError as exc:
        return _chat(None, (exc.message,), 400 if exc.status < 500 else exc.status)
    return _opened(session, conversation.id, created)


def _opened(session, conversation_id: str, created: bool):
    """Show the conversation; a new one reaches its other participants' lists once it is committed."""
    if created:
        view = conversations.conversation_view(session, current_user.id, conversation_id)
        uow.on_commit(session, lambda: delivery.publish_conversation(view))
    return redirect(url_for("messaging.chat_page", c=conversation_id))


@bp.post("/chat/with/<user_id>")
@login_required
def message_person_page(user_id):
    """The "Message" button wherever a person appears: open (or start) our direct conversation; from the sellers'
    box it names the request that lets a seller contact its asker."""
    session = get_session()
    try:
        conversation, created = conversations.create_conversation(session, graph, current_user.id, {
            "participant_ids": [user_id], "request_id": request.form.get("request_id") or None})
    except DomainError as exc:
        return _chat(None, (exc.message,), 400 if exc.status < 500 else exc.status)
    return _opened(session, conversation.id, created)


@bp.get("/notifications")
@login_required
def notifications_page():
    """My notifications, newest first."""
    session = get_session()
    items, _ = notifications.list_notifications(session, current_user.id, limit=100)
    items = [{**item, "shown": shown_text(item["kind"], item["text"]), "at": datetime.fromisoformat(item["created_at"])}
             for item in items]
    return render_template("messaging/notifications.html", notifications=items,
                           unread_notifications=notifications.unread_count(session, current_user.id),
                           settings=notification_settings.settings_view(session, current_user.id),
                           digests=notification_settings.DIGESTS,
                           kind_labels={kind: kind_label(kind) for kind in notification_settings.KINDS},
                           digest_labels={digest: gettext(DIGEST_LABELS[digest]) for digest in notification_settings.DIGESTS})


@bp.post("/notifications/settings")
@login_required
def save_notification_settings_page():
    """The settings form: a kind left unticked is off (in the app, or in the digest)."""
    form = request.form
    data = {"kinds": {kind: {"in_app": f"in_app:{kind}" in form, "email": f"email:{kind}" in form}
                      for kind in notification_settings.KINDS},
            "digest": form.get("digest", "off")}
    try:
        notification_settings.save_settings(get_session(), current_user.id, data)
    except DomainError as exc:
        flash(translated(exc.message), "error")
        return redirect(url_for("messaging.notifications_page"))
    flash(gettext("Notification settings saved."), "success")
    return redirect(url_for("messaging.notifications_page", _anchor="settings"))


@bp.get("/notifications/<notification_id>")
@login_required
def open_notification_page(notification_id):
    """Follow a notification: it is read once clicked, and its page opens."""
    return redirect(notifications.open_notification(get_session(), current_user.id, notification_id))


@bp.get("/vendor/socket.io.min.js")
def socket_io_client():
    """socket.io-client as installed by npm (package.json pins it; it is not committed)."""
    if not (SOCKET_IO_DIST / "socket.io.min.js").exists():
        abort(404, "socket.io-client is not installed; run `make setup` (npm ci).")
    return send_from_directory(SOCKET_IO_DIST, "socket.io.min.js", mimetype="text/javascript", max_age=3600)
