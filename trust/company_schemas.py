"""The shapes a company page's admins send: a certificate, the profile, an admin; and the staff they see."""
from marshmallow import ValidationError, fields, pre_load, validate, validates_schema

from accounts.schemas import UserSchema
from core import paging
from core.i18n import N_
from core.schemas import Schema, Stripped
from trust.schemas import CategoryName


# Certificates (trust/certificates.py)
class CertificationCreateSchema(Stripped):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    standard = fields.String(load_default="", validate=validate.Length(max=100))
    issuer = fields.String(load_default="", validate=validate.Length(max=200))
    number = fields.String(load_default="", validate=validate.Length(max=100))
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)

    @validates_schema
    def ends_after_it_starts(self, data, **_kw):
        """A validity period runs forward."""
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] <= data["valid_from"]:
            raise ValidationError(N_("Must be after the valid-from date."), "valid_until")


# Company pages run by the company (trust/companies.py): the page's own profile, claims and admins.
COMPANY_SIZES = ("1-10", "11-50", "51-200", "201-1000", "1000+")


class CompanyUpdateSchema(Stripped):
    """PATCH of a company page: only the given fields change; null or "" clears a text field."""

    @pre_load
    def blank_is_none(self, data, **_kw):
        """An empty form field clears the value."""
        if not isinstance(data, dict):
            return data
        return {k: (None if k in ("description", "website", "location", "size") and v == "" else v)
                for k, v in data.items()}

    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    website = fields.URL(allow_none=True, schemes={"http", "https"}, require_tld=True,
                         validate=validate.Length(max=300), error_messages={"invalid": N_("An http(s):// address.")})
    location = fields.String(allow_none=True, validate=validate.Length(max=100))
    size = fields.String(allow_none=True, validate=validate.OneOf(COMPANY_SIZES, error="One of: " + ", ".join(COMPANY_SIZES)))
    categories = fields.List(CategoryName(), validate=validate.Length(max=30))


class AdminAddSchema(Stripped):
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class StaffMemberSchema(Schema):
    user = fields.Nested(UserSchema)
    admin = fields.Boolean()


AdminListSchema = paging.list_of(UserSchema, name="CompanyAdminList")
StaffListSchema = paging.list_of(StaffMemberSchema)
