"""The shapes of accounts, tokens and organizations, in and out."""
import re

from marshmallow import fields, pre_load, validate

from core import paging
from core.i18n import LANGUAGES, N_
from core.schemas import Schema, Stripped, UtcDateTime


def _text(max_len: int, **kw):
    return fields.String(validate=validate.Length(max=max_len), **kw)


class RegisterSchema(Stripped):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=256))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    headline = _text(200, load_default="")
    company = _text(100, load_default="")
    title = _text(100, load_default="")
    industry = _text(100, load_default="")
    location = _text(100, load_default="")


class CredentialsSchema(Stripped):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=256))
    label = _text(100, load_default="API token")
    # None: the configured default (API_TOKEN_DAYS, 90 unless set); a token never outlives a year.
    expires_in_days = fields.Integer(load_default=None, allow_none=True, strict=True,
                                     validate=validate.Range(min=1, max=365))


def _new_password(**kw):
    return fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=256), **kw)


class EmailCodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$", error=N_("Enter the 6-digit code.")))

    @pre_load
    def drop_blanks(self, data, **_kw):
        """"123 456" and " 123456 " are the same code."""
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            return {**data, "code": "".join(data["code"].split())}
        return data


class WorkEmailSchema(Stripped):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class PasswordResetRequestSchema(Stripped):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class PasswordResetConfirmSchema(Stripped):
    token = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    password = _new_password()


class PasswordChangeSchema(Stripped):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=256))
    new_password = _new_password()


class StatusSchema(Schema):
    status = fields.String()
    message = fields.String()


class ProfileUpdateSchema(Stripped):
    name = fields.String(validate=validate.Length(min=1, max=100))
    headline = _text(200)
    company = _text(100)
    title = _text(100)
    industry = _text(100)
    location = _text(100)
    crm_consent = fields.Boolean()
    suggestible = fields.Boolean()
    company_id = fields.String(allow_none=True, validate=validate.Length(min=1, max=64))
    locale = fields.String(allow_none=True, validate=validate.OneOf(tuple(LANGUAGES)),
                           metadata={"description": "the language of pages, mail and errors; null: the browser's"})


class UserSchema(Schema):
    """The public User of API.md."""

    id = fields.String()
    name = fields.String()
    headline = fields.String()
    company = fields.String()
    title = fields.String()
    industry = fields.String()
    location = fields.String()


class MeSchema(UserSchema):
    email = fields.String()
    email_verified = fields.Boolean()
    crm_consent = fields.Boolean()
    suggestible = fields.Boolean()
    company_id = fields.String(allow_none=True)
    work_email = fields.String(allow_none=True)
    work_email_verified = fields.Boolean()
    locale = fields.String(allow_none=True)
    unread_notifications = fields.Integer(metadata={"description": "on GET /api/me: my unread notifications"})


class UserEnvelopeSchema(Schema):
    user = fields.Nested(MeSchema)


class TokenSchema(Schema):
    token = fields.String()
    expires_at = UtcDateTime()
    user = fields.Nested(MeSchema)


class TokenInfoSchema(Schema):
    id = fields.String()
    label = fields.String()
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)
    expires_at = UtcDateTime()


TokenListSchema = paging.list_of(TokenInfoSchema)


class OrgCreateSchema(Stripped):
    @pre_load
    def blank_domain_is_none(self, data, **_kw):
        """An empty domain field on the form means "no domain"."""
        if isinstance(data, dict) and isinstance(data.get("domain"), str) and not data["domain"].strip():
            return {**data, "domain": None}
        return data

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    domain = fields.String(allow_none=True, validate=[
        validate.Length(max=253),
        validate.Regexp(r"^([a-z0-9-]+\.)+[a-z]{2,}$", flags=re.IGNORECASE,
        error=N_("Not a domain name such as example.com."))])


class MemberAddSchema(Stripped):
    user_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    role = fields.String(load_default="member", validate=validate.OneOf(("member", "admin")))


class MemberSchema(Schema):
    user_id = fields.String()
    user = fields.Nested(UserSchema)
    role = fields.String()
    status = fields.String(dump_default="active")  # "invited" until the person accepts


class InvitationSchema(Schema):
    org_id = fields.String()
    org_name = fields.Function(lambda row: row.organization.name)
    role = fields.String()
    invited_by = fields.Nested(UserSchema, attribute="inviter", allow_none=True)
    created_at = fields.DateTime()


InvitationListSchema = paging.list_of(InvitationSchema)


class MembershipStatusSchema(Schema):
    org_id = fields.String()
    role = fields.String(allow_none=True)
    status = fields.String()


class OrgSchema(Schema):
    id = fields.String()
    name = fields.String()
    domain = fields.String(allow_none=True)
    role = fields.String(allow_none=True)


class OrgDetailSchema(OrgSchema):
    members = fields.List(fields.Nested(MemberSchema))


OrgListSchema = paging.list_of(OrgSchema)
