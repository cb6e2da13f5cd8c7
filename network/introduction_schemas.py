"""The shapes of introductions and mutual connections, in and out."""
from marshmallow import fields, validate

from core import paging
from core.i18n import N_
from core.schemas import Schema, Stripped
from network.schemas import GraphUserSchema, _Id


class IntroductionCreateSchema(Stripped):
    to_user_id = _Id(required=True)
    via_user_id = _Id(required=True, metadata={"description": "a mutual connection, who will introduce you"})
    note = fields.String(load_default="", validate=validate.Length(max=1000, error=N_("At most 1000 characters.")))


class IntroductionQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(("pending", "accepted", "declined")))


class IntroductionSchema(Schema):
    id = fields.String()
    note = fields.String()
    status = fields.String(metadata={"description": "pending | accepted | declined"})
    created_at = fields.String()
    asker = fields.Nested(GraphUserSchema)
    via = fields.Nested(GraphUserSchema)
    to = fields.Nested(GraphUserSchema)
    conversation_id = fields.String(allow_none=True, metadata={"description": "on accept: the three-person conversation"})


IntroductionListSchema = paging.list_of(IntroductionSchema)
MutualListSchema = paging.list_of(GraphUserSchema, name="MutualConnectionList")
