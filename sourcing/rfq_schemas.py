"""The shapes of RFQs and quotes, in and out (API.md "Sourcing": the RFQ bullet)."""
import re
from datetime import timezone
from decimal import Decimal

from marshmallow import fields, validate, validates
from marshmallow import ValidationError as SchemaError

from core import paging
from core.db import utc_today, utcnow
from core.schemas import Schema, Stripped, UtcDateTime
from core.i18n import N_

CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999999999.99")  # Numeric(18, 2)
CURRENCY = re.compile(r"[A-Z]{3}")


class WholeNumber(fields.Integer):
    """An integer from JSON or a form; 12.5 is refused, never cut down to 12."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class RfqCreateSchema(Stripped):
    message = fields.String(required=True, validate=validate.Length(min=1, max=5000,
                                                                    error=N_("Say what you need, in 1 to 5000 characters.")))
    respond_by = fields.AwareDateTime(required=True, default_timezone=timezone.utc,
                                      metadata={"description": "until when quotes are taken (ISO 8601; UTC when no "
                                                               "offset is given); in the future"})

    @validates("respond_by")
    def in_the_future(self, value, **_kw):
        if value <= utcnow():
            raise SchemaError(N_("Give a moment in the future."))


class QuoteCreateSchema(Stripped):
    price = fields.Decimal(required=True, metadata={"description": "above 0, at most 2 decimals"})
    currency = fields.String(required=True, metadata={"description": "ISO 4217 code, e.g. CNY, USD, EUR"})
    lead_time_days = WholeNumber(required=True, validate=validate.Range(min=0, max=3650,
                                                                        error=N_("Whole days from 0 to 3650.")))
    valid_until = fields.Date(required=True, metadata={"description": "the quote holds until this day (not before today)"})
    note = fields.String(load_default="", validate=validate.Length(max=5000))
    company_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                               metadata={"description": "the company quoting, when the caller is verified staff of "
                                                        "several companies the RFQ went to"})

    @validates("price")
    def positive_cents(self, value, **_kw):
        if not value.is_finite() or value <= 0 or value > MAX_PRICE:
            raise SchemaError(N_("A price above 0."))
        if value != value.quantize(CENT):
            raise SchemaError(N_("At most 2 decimals."))

    @validates("currency")
    def iso_code(self, value, **_kw):
        if not CURRENCY.fullmatch(value):
            raise SchemaError(N_("An ISO 4217 code: three capital letters, e.g. CNY."))

    @validates("valid_until")
    def not_past(self, value, **_kw):
        if value < utc_today():
            raise SchemaError(N_("A quote must be valid today or later."))


class RefSchema(Schema):
    id = fields.String()
    name = fields.String()


class RfqSentSchema(Schema):
    id = fields.String()
    project_id = fields.String()
    message = fields.String()
    respond_by = UtcDateTime()
    sent_at = UtcDateTime()
    companies = fields.List(fields.Nested(RefSchema), metadata={"description": "the candidates it went to"})


class QuoteSchema(Schema):
    rfq_id = fields.String()
    company_id = fields.String()
    price = fields.String(metadata={"description": "decimal with 2 places, as a string"})
    currency = fields.String()
    lead_time_days = fields.Integer()
    valid_until = fields.Date()
    note = fields.String()
    submitted_at = UtcDateTime()
    has_attachment = fields.Boolean()
    attachment = fields.Dict(allow_none=True, metadata={"description": "{name, size, content_type, url}"})


class ProjectRefSchema(Schema):
    id = fields.String(metadata={"description": "for the buying team's members only"})
    title = fields.String()
    category = fields.String()


class RecipientSchema(Schema):
    id = fields.String()
    name = fields.String()
    answered = fields.Boolean()
    conversation_id = fields.String(allow_none=True)


class RfqSchema(Schema):
    id = fields.String()
    message = fields.String()
    respond_by = UtcDateTime()
    sent_at = UtcDateTime()
    open = fields.Boolean(metadata={"description": "quotes are still taken (respond_by not passed)"})
    buyer_org = fields.Nested(RefSchema)
    project = fields.Nested(ProjectRefSchema)
    company = fields.Nested(RefSchema, allow_none=True,
                            metadata={"description": "the vendor it went to that the caller is verified staff of"})
    my_quote = fields.Nested(QuoteSchema, allow_none=True)
    conversation_id = fields.String(allow_none=True)
    my_companies = fields.List(fields.Nested(RefSchema), metadata={
        "description": "the recipients the caller is verified staff of (?company_id= picks one when several)"})
    companies = fields.List(fields.Nested(RecipientSchema),
                            metadata={"description": "every recipient: for the buying team's members only"})


class ConversationOpenedSchema(Schema):
    conversation_id = fields.String()


RfqListSchema = paging.list_of(RfqSchema, name="RfqList")
