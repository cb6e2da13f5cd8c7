"""The shapes of vendors, reviews, recommendation requests and the shortlist, in and out."""
import re

from marshmallow import ValidationError, fields, post_load, pre_load, validate, validates

from accounts.schemas import UserSchema
from core import paging
from core.db import utc_today
from core.i18n import N_
from core.schemas import Schema, Stripped

BOXES = ("inbox", "mine", "sellers")
REQUESTS_AFTER = (str, str)  # a box's position: created_at and id of the last request shown
NO_CATEGORY = N_("Name a product or service category.")


def tidy_category(name: str) -> str:
    """A category as people type it, with surrounding and repeated blanks removed (case is kept)."""
    return " ".join(name.split())


class WholeNumber(fields.Integer):
    """An integer that refuses 4.5 and true instead of silently truncating them."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class CategoryName(fields.String):
    """A free-text category: blanks tidied, never empty, at most 100 characters."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(min=1, max=100, error=NO_CATEGORY + " (1–100 characters)"), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return tidy_category(super()._deserialize(value, attr, data, **kwargs))


class CompanyCreateSchema(Stripped):
    @pre_load
    def blank_is_none(self, data, **_kw):
        """Empty optional form fields mean "not given"."""
        if not isinstance(data, dict):
            return data
        return {k: (None if k in ("domain", "industry") and v == "" else v) for k, v in data.items()}

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    domain = fields.String(allow_none=True, load_default=None, validate=[
        validate.Length(max=253),
        validate.Regexp(r"^([a-z0-9-]+\.)+[a-z]{2,}$", flags=re.IGNORECASE, error=N_("Not a domain name such as example.com."))])
    industry = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=100))
    categories = fields.List(CategoryName(), load_default=list, validate=validate.Length(max=30))


RATING_ERROR = N_("A rating is a whole number from 1 to 5.")


class ReviewCreateSchema(Stripped):
    category = CategoryName(required=True)
    rating = WholeNumber(required=True, validate=validate.Range(1, 5, error=RATING_ERROR))
    quality = WholeNumber(allow_none=True, load_default=None, validate=validate.Range(1, 5, error=RATING_ERROR))
    delivery = WholeNumber(allow_none=True, load_default=None, validate=validate.Range(1, 5, error=RATING_ERROR))
    service = WholeNumber(allow_none=True, load_default=None, validate=validate.Range(1, 5, error=RATING_ERROR))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))
    delivered_on = fields.Date(allow_none=True, load_default=None)
    deal_id = fields.String(allow_none=True, load_default=None, validate=validate.Length(min=1, max=64))
    client_key = fields.String(allow_none=True, load_default=None, validate=validate.Length(min=8, max=64), metadata={
        "description": "optional: the same key again returns the first review instead of writing a second"})

    @pre_load
    def blank_is_none(self, data, **_kw):
        """Empty optional form fields (a date, a sub-rating, a deal) mean "not given"."""
        optional = ("delivered_on", "quality", "delivery", "service", "deal_id", "client_key")
        if isinstance(data, dict):
            return {k: (None if k in optional and v == "" else v) for k, v in data.items()}
        return data

    @validates("delivered_on")
    def not_in_future(self, value, **_kw):
        """A delivery that has not happened yet cannot be rated."""
        if value is not None and value > utc_today():
            raise ValidationError(N_("The delivery date cannot be in the future."))


class RecommendationRequestCreateSchema(Stripped):
    category = CategoryName(required=True)
    details = fields.String(load_default="", validate=validate.Length(max=2000))
    vendors_may_contact = fields.Boolean(load_default=False)


class AnswerCreateSchema(Stripped):
    company_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class ShortlistQuerySchema(Stripped):
    category = CategoryName(required=True)
    limit = WholeNumber(load_default=5, validate=validate.Range(1, 50))
    certification = fields.String(load_default="", validate=validate.Length(max=100), metadata={
        "description": "keep vendors holding a certificate valid today whose standard or name contains it"})
    location = fields.String(load_default="", validate=validate.Length(max=100), metadata={
        "description": "keep vendors whose location contains it"})


class BoxQuerySchema(Stripped):
    box = fields.String(load_default="inbox", validate=validate.OneOf(BOXES))
    cursor = fields.String(load_default=None, allow_none=True)
    limit = WholeNumber(load_default=20, validate=validate.Range(1, 100))

    @post_load
    def position_from_cursor(self, data, **_kw):
        """The cursor of this box's list, as the position after which the page starts."""
        data["cursor"] = paging.position_of(requests_cursor(data["box"]), data["cursor"], REQUESTS_AFTER)
        return data


def requests_cursor(box: str) -> str:
    """The kind of cursor of a box of requests: one box's cursor is no cursor for another."""
    return f"trust.requests.{box}"


class LookupQuerySchema(Stripped):
    q = fields.String(load_default="", validate=validate.Length(max=100))
    category = fields.String(load_default="", validate=validate.Length(max=100))


class CompanySchema(Schema):
    """A vendor: Company with the categories it supplies."""

    id = fields.String()
    name = fields.String()
    domain = fields.String(allow_none=True)
    industry = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    location = fields.String(allow_none=True)
    size = fields.String(allow_none=True)
    categories = fields.List(fields.String())


class CompanyRefSchema(Schema):
    """A company named in an answer."""

    id = fields.String()
    name = fields.String()


class ReviewReplySchema(Schema):
    body = fields.String()
    by_id = fields.String(metadata={"description": "the company page admin who replied"})
    created_at = fields.String()


class ReviewSchema(Schema):
    """One delivery's review: who wrote it and what was validated about it."""

    id = fields.String()
    reviewer = fields.Nested(UserSchema)
    by = fields.Nested(UserSchema, metadata={"description": "the reviewer again, for earlier clients"})
    degree = fields.Integer(allow_none=True)
    company_id = fields.String()
    category = fields.String()
    rating = fields.Integer()
    quality = fields.Integer(allow_none=True)
    delivery = fields.Integer(allow_none=True)
    service = fields.Integer(allow_none=True)
    comment = fields.String()
    delivered_on = fields.String(allow_none=True)
    deal_id = fields.String(allow_none=True)
    created_at = fields.String()
    reviewer_verified = fields.Boolean(metadata={"description": "the reviewer had a verified employer when writing it"})
    verified_delivery = fields.Boolean(metadata={"description": "tied to a deal the buyer's organisation marked delivered"})
    hidden = fields.Boolean(metadata={"description": "hidden by moderation: listed to its writer only, counted nowhere"})
    counted = fields.Boolean()
    reply = fields.Nested(ReviewReplySchema, allow_none=True, metadata={"description": "the company's one public reply"})


class EndorsementCreateSchema(Stripped):
    category = CategoryName(required=True)
    statement = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class EndorsementSchema(Schema):
    """An expert vouching for a vendor in a category."""

    id = fields.String()
    company_id = fields.String()
    by = fields.Nested(UserSchema)
    category = fields.String()
    statement = fields.String()
    created_at = fields.String()
    updated_at = fields.String()
    replaced = fields.Boolean()
    counted = fields.Boolean()


class ViewerSchema(Schema):
    """What the viewer may do on a company page."""

    admin = fields.Boolean()
    verified_employee = fields.Boolean()
    can_claim = fields.Boolean()


class CompanyProfileSchema(CompanySchema):
    """A company page's own profile: its verified staff count, admins (names only) and the viewer's standing."""

    verified_staff = fields.Integer()
    admins = fields.List(fields.Nested(UserSchema))
    viewer = fields.Nested(ViewerSchema)


class KnownBySchema(Schema):
    user = fields.Nested(UserSchema)
    degree = fields.Integer()
    relations = fields.List(fields.String())


class CompanyPageSchema(CompanyProfileSchema):
    reviews = fields.List(fields.Nested(ReviewSchema))
    endorsements = fields.List(fields.Nested(EndorsementSchema))
    known_by = fields.List(fields.Nested(KnownBySchema))
    certifications = fields.List(fields.Nested(lambda: CertificationSchema()))


class AnswerSchema(Schema):
    id = fields.String()
    request_id = fields.String()
    by = fields.Nested(UserSchema)
    degree = fields.Integer(allow_none=True)
    company = fields.Nested(CompanyRefSchema)
    comment = fields.String()
    created_at = fields.String()
    from_vendor = fields.Boolean()


class TeamLeadSchema(Schema):
    """Seller's view: one of the viewer's teams already has the asker as a CRM lead (added by crm_sync)."""
    org_id = fields.String()
    org_name = fields.String()
    kind = fields.String(metadata={"description": "network or request (the lead came from a request)"})
    status = fields.String()
    board_url = fields.String()


class BuyerPaymentRecordSchema(Schema):
    """Seller's view: how one of the asker's buying orgs paid its vendors (deals with a payment recorded)."""
    org_name = fields.String()
    deals = fields.Integer()
    on_time_rate = fields.Float(allow_none=True, metadata={"description": "on-time payments / deals, 2 decimals"})


class RecommendationRequestSchema(Schema):
    id = fields.String()
    category = fields.String()
    details = fields.String()
    vendors_may_contact = fields.Boolean()
    status = fields.String()
    created_at = fields.String()
    asker = fields.Nested(UserSchema)
    recipients = fields.Integer()
    answers = fields.List(fields.Nested(AnswerSchema))
    team_leads = fields.List(fields.Nested(TeamLeadSchema), metadata={"description": "box=sellers only"})
    buyer_payment_records = fields.List(fields.Nested(BuyerPaymentRecordSchema), metadata={
        "description": "box=sellers only: the asker's buying orgs with a payment record (added by sourcing)"})


RequestListSchema = paging.list_of(RecommendationRequestSchema)


class EvidenceSchema(Schema):
    kind = fields.String(metadata={"description": "review | recommendation | endorsement"})
    by = fields.Nested(UserSchema)
    degree = fields.Integer(allow_none=True)
    rating = fields.Integer(allow_none=True)
    on = fields.String()
    weight = fields.Float()
    verified = fields.Boolean(metadata={"description": "written with a verified employer (an endorsement: by an expert)"})
    verified_delivery = fields.Boolean()


class ShortlistCompanySchema(CompanySchema):
    location = fields.String(allow_none=True)


class CertificationBriefSchema(Schema):
    name = fields.String(allow_none=True)
    standard = fields.String(allow_none=True)
    valid_until = fields.String()


class ShortlistEndorsementSchema(Schema):
    by = fields.Nested(UserSchema)
    statement = fields.String()
    category = fields.String()
    on = fields.String()


class ShortlistItemSchema(Schema):
    company = fields.Nested(ShortlistCompanySchema)
    score = fields.Float()
    evidence = fields.List(fields.Nested(EvidenceSchema))
    evidence_count = fields.Integer()
    reasons = fields.List(fields.String())
    certifications = fields.List(fields.Nested(CertificationBriefSchema), metadata={"description": "valid today"})
    endorsements = fields.List(fields.Nested(ShortlistEndorsementSchema))


class ShortlistSchema(Schema):
    category = fields.String()
    items = fields.List(fields.Nested(ShortlistItemSchema))
    next_cursor = fields.String(allow_none=True)


NameListSchema = paging.list_of(fields.Raw(), name="NameList")


class DocumentRefSchema(Schema):
    url = fields.String(metadata={"description": "download for signed-in members (bearer token or session)"})
    content_type = fields.String()
    size = fields.Integer()


class CertificationSchema(Schema):
    id = fields.String()
    name = fields.String()
    standard = fields.String()
    issuer = fields.String()
    number = fields.String()
    valid_from = fields.String()
    valid_until = fields.String()
    status = fields.String(metadata={"description": "valid through valid_until (UTC), then expired"})
    document = fields.Nested(DocumentRefSchema, allow_none=True)
    created_at = fields.String()
