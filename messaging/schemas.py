"""The shapes of conversations, messages and notifications; HTTP bodies and Socket.IO payloads alike."""
from marshmallow import ValidationError, fields, validate, validates

from accounts.schemas import UserSchema
from core import paging
from core.schemas import Schema
from core.i18n import N_

MAX_BODY = 10_000
TOO_LONG = N_("A message has at most 10,000 characters.")  # MAX_BODY, as the catalogs spell it
MAX_SEQ = 2**53  # anything bigger is not a cursor this server handed out
_ID = validate.Length(min=1, max=64)
SEARCH_CURSOR, NOTIFICATIONS_CURSOR = "messaging.search", "messaging.notifications"  # positions: [offset]


class _Body(fields.String):
    """A message body: not blank, at most MAX_BODY characters, kept as typed."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text.strip():
            raise ValidationError(N_("A message cannot be empty."))
        if len(text) > MAX_BODY:
            raise ValidationError(TOO_LONG)
        return text


class ConversationCreateSchema(Schema):
    participant_ids = fields.List(fields.String(validate=_ID), required=True,
                                  validate=validate.Length(min=1, max=100))
    title = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("direct", "group")))
    request_id = fields.String(load_default=None, allow_none=True, validate=_ID,
                               metadata={"description": "a seller contacting the asker of an open, opted-in request"})


class ConversationMemberSchema(Schema):
    user_id = fields.String(required=True, validate=_ID)


class SendSchema(Schema):
    body = _Body(required=True)
    client_msg_id = fields.String(load_default=None, validate=_ID)
    attachment_ids = fields.List(fields.String(validate=_ID), load_default=None, validate=validate.Length(max=10))
    reply_to_seq = fields.Integer(load_default=None, allow_none=True, strict=True,
                                  validate=validate.Range(min=1, max=MAX_SEQ))
    mentions = fields.List(fields.String(validate=_ID), load_default=None, validate=validate.Length(max=100))


class SocketSendSchema(SendSchema):
    conversation_id = fields.String(required=True, validate=_ID)
    client_msg_id = fields.String(required=True, validate=_ID)


class EditSchema(Schema):
    body = _Body(required=True)


class SocketEditSchema(EditSchema):
    conversation_id = fields.String(required=True, validate=_ID)
    message_id = fields.String(required=True, validate=_ID)


class SocketDeleteSchema(Schema):
    conversation_id = fields.String(required=True, validate=_ID)
    message_id = fields.String(required=True, validate=_ID)


class ConversationRefSchema(Schema):
    conversation_id = fields.String(required=True, validate=_ID)


class OpenSchema(Schema):
    conversation_id = fields.String(load_default=None, allow_none=True, validate=_ID)


class ReadSchema(Schema):
    seq = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_SEQ))


class SocketReadSchema(ReadSchema):
    conversation_id = fields.String(required=True, validate=_ID)


class _Cursors(fields.Dict):
    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=_ID),
                         values=fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_SEQ)), **kwargs)


class SyncSchema(Schema):
    cursors = _Cursors(required=True)
    changes = _Cursors(load_default=dict)
    limit = fields.Integer(load_default=500, strict=True, validate=validate.Range(min=1, max=1000))

    @validates("cursors")
    def not_too_many(self, value, **_kw):
        """Bound the work one sync asks for."""
        if len(value) > 1000:
            raise ValidationError(N_("At most 1,000 conversations per sync."))


class MessagePageQuery(Schema):
    after_seq = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_SEQ))
    before_seq = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_SEQ))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class ChangesQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_SEQ))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class SearchQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    conversation_id = fields.String(load_default=None, validate=_ID)
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = paging.Cursor(SEARCH_CURSOR, (int,))


class NotificationQuery(Schema):
    unread = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = paging.Cursor(NOTIFICATIONS_CURSOR, (int,))


class NotificationReadSchema(Schema):
    ids = fields.List(fields.String(validate=_ID), load_default=None, validate=validate.Length(max=500))
    all = fields.Boolean(load_default=False)


class MessageSchema(Schema):
    """API.md's Message."""

    id = fields.String()
    conversation_id = fields.String()
    seq = fields.Integer()
    sender_id = fields.String()
    body = fields.String()
    client_msg_id = fields.String()
    created_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    deleted = fields.Boolean()
    change_seq = fields.Integer()
    kind = fields.String(metadata={"description": '"message", "member_added" or "member_removed"'})
    member_id = fields.String(allow_none=True, metadata={"description": "whom a member_added/_removed is about"})
    reply_to_seq = fields.Integer(allow_none=True)
    mentions = fields.List(fields.String())
    attachments = fields.List(fields.Nested(lambda: AttachmentSchema()))
    reactions = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                            metadata={"description": "{emoji: [user ids]}"})


class ParticipantSchema(UserSchema):
    last_read_seq = fields.Integer()
    role = fields.String()
    online = fields.Boolean()  # added by the view from this process's live sockets


class ConversationSchema(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    participants = fields.List(fields.Nested(ParticipantSchema))
    last_seq = fields.Integer()
    change_seq = fields.Integer()
    unread = fields.Integer()
    last_read_seq = fields.Integer()
    last_message = fields.Nested(MessageSchema, allow_none=True)
    created_at = fields.DateTime()


class NotificationSubjectSchema(Schema):
    type = fields.String(metadata={"description": "connection_request | person | org | recommendation_request | "
                                                  "sourcing_project | rfq | deal | conversation"})
    id = fields.String()


class NotificationSchema(Schema):
    """API.md's notification; `link` is the page to open, `data` the ids it concerns."""

    id = fields.String()
    kind = fields.String(metadata={"description": "connection_request, connection_accepted, invitation, "
                                                  "recommendation_request, recommendation_answer, mention, rfq, "
                                                  "quote, approval_needed, decision"})
    text = fields.String()
    link = fields.String()
    data = fields.Dict()
    created_at = fields.DateTime()
    read = fields.Boolean()
    actor = fields.Nested(UserSchema, allow_none=True, metadata={"description": "who did it (a public User)"})
    subject = fields.Nested(NotificationSubjectSchema, allow_none=True)


ConversationListSchema = paging.list_of(ConversationSchema)
# API.md pages messages by seq (after_seq / before_seq): their next_cursor is that seq, not an opaque cursor.
MessageListSchema = paging.list_of(MessageSchema)
NotificationListSchema = type("NotificationListSchema", (paging.list_of(NotificationSchema, "_NotificationList"),),
                              {"unread": fields.Integer()})


class ReadMarkerSchema(Schema):
    conversation_id = fields.String()
    last_read_seq = fields.Integer()
    moved = fields.Boolean()


class UnreadCountSchema(Schema):
    unread = fields.Integer()


class UploadedSchema(Schema):
    """A stored upload, not yet carried by a message."""

    id = fields.String()
    name = fields.String()
    size = fields.Integer()
    content_type = fields.String()


class AttachmentSchema(UploadedSchema):
    """API.md's attachment; `url` answers the conversation's participants only."""

    url = fields.String()


class ReactionSchema(Schema):
    emoji = fields.String(required=True, validate=validate.Length(min=1, max=16))


class ReactionsSchema(Schema):
    message_id = fields.String()
    reactions = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class NotificationSettingsSchema(Schema):
    """GET/PUT /api/me/notification-settings; the service names an unknown kind or value in the 400."""

    kinds = fields.Dict(keys=fields.String(), values=fields.Raw(),
                        metadata={"description": "{kind: {in_app: bool, email: bool}}; a PUT may give some kinds"})
    digest = fields.String(metadata={"description": "off | daily | weekly"})
