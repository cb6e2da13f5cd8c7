"""JSON API of chat and notifications (API.md: Messaging)."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.paging import cursor_for, page
from core import uow
from core.db import get_session
from core.errors import ValidationError
from core.extensions import graph
from core.i18n import N_
from messaging import catchup, conversations, delivery, notification_settings, notifications, service
from messaging.blueprint import bp
from messaging.extras import extras_of
from messaging.live import registry
from messaging.schemas import (ChangesQuery, ConversationCreateSchema, ConversationListSchema, ConversationSchema,
                               EditSchema, MessageListSchema, MessagePageQuery, MessageSchema, NOTIFICATIONS_CURSOR,
                               NotificationListSchema, NotificationQuery, NotificationReadSchema,
                               NotificationSettingsSchema, ReadMarkerSchema,
                               ReadSchema, SEARCH_CURSOR, SearchQuery, SendSchema, UnreadCountSchema)


def _with_presence(views: list[dict]) -> list[dict]:
    """Mark who has a live socket (this process's view; `presence` events keep clients current)."""
    online = registry.online({p["id"] for view in views for p in view["participants"]})
    for view in views:
        for person in view["participants"]:
            person["online"] = person["id"] in online
    return views


@bp.post("/api/conversations")
@login_required
@accepts(ConversationCreateSchema)
@returns(ConversationSchema, 201)
@returns(ConversationSchema, 200)  # the direct conversation that already exists
def create_conversation(data):
    """Start a direct conversation (returns the existing one, 200) or a group conversation."""
    session = get_session()
    conversation, created = conversations.create_conversation(session, graph, current_user.id, data)
    view = conversations.conversation_view(session, current_user.id, conversation.id)
    if created:
        uow.on_commit(session, lambda: delivery.publish_conversation(view))
    return view, 201 if created else 200


@bp.get("/api/conversations")
@login_required
@returns(ConversationListSchema)
def list_conversations():
    """My conversations with unread counts, most recent first."""
    return page(_with_presence(conversations.list_conversations(get_session(), current_user.id)))


@bp.get("/api/conversations/<conversation_id>")
@login_required
@returns(ConversationSchema)
def show_conversation(conversation_id):
    """One of my conversations, with each participant's read marker."""
    return _with_presence([conversations.conversation_view(get_session(), current_user.id, conversation_id)])[0]


@bp.get("/api/conversations/<conversation_id>/messages")
@login_required
@accepts(MessagePageQuery, location="query")
@returns(MessageListSchema)
def list_messages(conversation_id, data):
    """Messages in seq order after `after_seq` (or the latest before `before_seq`)."""
    items, cursor = service.messages_page(get_session(), current_user.id, conversation_id, **data)
    return page(items, cursor)


@bp.post("/api/conversations/<conversation_id>/messages")
@login_required
@accepts(SendSchema)
@returns(MessageSchema, 201)
@returns(MessageSchema, 200)  # the same client_msg_id again: the first message
def send_message(conversation_id, data):
    """Send a message; the same client_msg_id again returns the first one (200)."""
    message, created = service.send_message(get_session(), current_user.id, conversation_id,
                                            data["body"], data["client_msg_id"], extra=extras_of(data))
    return message, 201 if created else 200


@bp.patch("/api/conversations/<conversation_id>/messages/<message_id>")
@login_required
@accepts(EditSchema)
@returns(MessageSchema)
def edit_message(conversation_id, message_id, data):
    """Edit my own message."""
    return service.edit_message(get_session(), current_user.id, conversation_id, message_id, data["body"])


@bp.delete("/api/conversations/<conversation_id>/messages/<message_id>")
@login_required
@returns(MessageSchema)
def delete_message(conversation_id, message_id):
    """Delete my own message (its seq stays, its text goes)."""
    return service.delete_message(get_session(), current_user.id, conversation_id, message_id)


@bp.get("/api/conversations/<conversation_id>/changes")
@login_required
@accepts(ChangesQuery, location="query")
@returns(MessageListSchema)
def list_changes(conversation_id, data):
    """Messages edited or deleted after the change cursor `after`."""
    items, cursor = service.changes_page(get_session(), current_user.id, conversation_id, data["after"], data["limit"])
    return page(items, cursor)


@bp.post("/api/conversations/<conversation_id>/read")
@login_required
@accepts(ReadSchema)
@returns(ReadMarkerSchema)
def mark_read(conversation_id, data):
    """Move my read marker forward."""
    marker, moved = service.mark_read(get_session(), current_user.id, conversation_id, data["seq"])
    return {"conversation_id": conversation_id, "last_read_seq": marker, "moved": moved}


@bp.get("/api/messages/search")
@login_required
@accepts(SearchQuery, location="query")
@returns(MessageListSchema)
def search_messages(data):
    """Search my own conversations."""
    items, after = catchup.search(get_session(), current_user.id, data["q"], data["conversation_id"],
                                  data["limit"], (data["cursor"] or [0])[0])
    return page(items, cursor_for(SEARCH_CURSOR, after))


@bp.get("/api/notifications")
@login_required
@accepts(NotificationQuery, location="query")
@returns(NotificationListSchema)
def list_notifications(data):
    """My notifications, newest first, with the unread count."""
    session = get_session()
    items, after = notifications.list_notifications(session, current_user.id, data["unread"], data["limit"],
                                                    (data["cursor"] or [0])[0])
    return {**page(items, cursor_for(NOTIFICATIONS_CURSOR, after)), "unread": notifications.unread_count(session, current_user.id)}


@bp.post("/api/notifications/read")
@login_required
@accepts(NotificationReadSchema)
@returns(UnreadCountSchema)
def read_notifications(data):
    """Mark some (`ids`) or all (`all: true`) of my notifications read."""
    if not data["all"] and data["ids"] is None:
        raise ValidationError(N_("Say which notifications to mark read."), {"ids": [N_("Give ids, or all: true.")]})
    ids = None if data["all"] else data["ids"]
    return {"unread": notifications.mark_read(get_session(), current_user.id, ids)}


@bp.post("/api/notifications/<notification_id>/read")
@login_required
@returns(UnreadCountSchema)
def read_notification(notification_id):
    """Mark one of my notifications read (404 for anyone else's)."""
    session = get_session()
    notifications.open_notification(session, current_user.id, notification_id)
    return {"unread": notifications.unread_count(session, current_user.id)}


@bp.get("/api/me/notification-settings")
@login_required
@returns(NotificationSettingsSchema)
def show_notification_settings():
    """Which kinds show in the app and go into the email digest, and how often the digest comes."""
    return notification_settings.settings_view(get_session(), current_user.id)


@bp.put("/api/me/notification-settings")
@login_required
@accepts(NotificationSettingsSchema)
@returns(NotificationSettingsSchema)
def save_notification_settings(data):
    """Turn kinds on or off (in the app, in the digest) and choose the digest's frequency."""
    return notification_settings.save_settings(get_session(), current_user.id, data)


def unread_for_me(user_id: str) -> dict:
    """The core.hooks.ME_VIEW hook: `unread_notifications` on GET /api/me."""
    return {"unread_notifications": notifications.unread_count(get_session(), user_id)}
