"""The shapes of replies, reports and moderation, in and out."""
from marshmallow import fields, validate

from core import paging
from core.i18n import N_
from core.schemas import Schema, Stripped
from trust.moderation import ACTIONS

REASON = validate.Length(min=3, max=500, error=N_("Say why in 3 to 500 characters."))


class ReplyCreateSchema(Stripped):
    body = fields.String(required=True, validate=validate.Length(min=1, max=2000, error=N_("Write 1 to 2000 characters.")))


class ReplySchema(Schema):
    review_id = fields.String()
    body = fields.String()
    by_id = fields.String(metadata={"description": "the company page admin who replied"})
    created_at = fields.String()


class FlagCreateSchema(Stripped):
    reason = fields.String(required=True, validate=REASON)


class FlagStatusSchema(Schema):
    review_id = fields.String()
    status = fields.String(metadata={"description": "queued: a platform admin will look at it"})


class DecisionCreateSchema(Stripped):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS, error="Must be one of: " + ", ".join(ACTIONS) + "."))
    reason = fields.String(required=True, validate=REASON)


class DecisionSchema(Schema):
    review_id = fields.String()
    action = fields.String()
    hidden = fields.Boolean()


class QueuedReviewSchema(Schema):
    id = fields.String()
    company_id = fields.String()
    company_name = fields.String()
    category = fields.String()
    rating = fields.Integer(allow_none=True)
    comment = fields.String(allow_none=True)
    created_at = fields.String(allow_none=True)
    hidden = fields.Boolean()
    reviewer = fields.Dict()
    missing = fields.Boolean(metadata={"description": "true when the review no longer exists"})


class ReportSchema(Schema):
    reporter_id = fields.String()
    reason = fields.String()
    created_at = fields.DateTime()


class QueueItemSchema(Schema):
    review = fields.Nested(QueuedReviewSchema)
    reports = fields.List(fields.Nested(ReportSchema))


QueueSchema = paging.list_of(QueueItemSchema, name="ModerationQueue")
