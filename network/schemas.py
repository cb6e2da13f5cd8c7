"""The shapes of the network API, in and out."""
import re

from marshmallow import EXCLUDE, ValidationError as SchemaError, fields, post_load, validate

from core import paging
from core.errors import ValidationError
from core.i18n import N_
from core.schemas import Schema

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
BAD_ID = N_("Not a valid id.")


def checked_id(value: str, field: str = "user_id") -> str:
    """A path id that looks like one of ours, else 400 naming the field."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValidationError(N_("Malformed id."), {field: [BAD_ID]})
    return value


_Id = lambda **kw: fields.String(validate=validate.Regexp(ID_PATTERN, error=BAD_ID), **kw)  # noqa: E731


MAX_OFFSET = 100_000  # deeper than anyone pages by hand: SKIP would scan that far


class _Paged(Schema):
    """limit + cursor from the query string (the cursor of list KIND, holding an offset); unknown parameters are ignored."""

    KIND = ""

    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(load_default=None)

    @post_load
    def offset_from_cursor(self, data, **_kw):
        """Turn the opaque cursor into an offset."""
        position = paging.position_of(self.KIND, data.pop("cursor"), (int,))
        data["offset"] = position[0] if position else 0
        if not 0 <= data["offset"] <= MAX_OFFSET:
            raise SchemaError({"cursor": [paging.NOT_OURS]})
        return data


def _limit(default: int, maximum: int):
    return fields.Integer(load_default=default, validate=validate.Range(min=1, max=maximum))


class RequestCreateSchema(Schema):
    to_user_id = _Id(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=300))


class RequestListQuery(_Paged):
    KIND = "network.requests"
    direction = fields.String(load_default="incoming", validate=validate.OneOf(("incoming", "outgoing")))
    limit = _limit(50, 200)


class ConnectionListQuery(_Paged):
    KIND = "network.connections"
    limit = _limit(100, 500)


class SearchQuery(_Paged):
    KIND = "network.search"
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    limit = _limit(20, 50)


class RecommendationQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = _limit(10, 50)


class SkillsSchema(Schema):
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=50)), required=True,
                         validate=validate.Length(max=20))


class GraphUserSchema(Schema):
    """The public User of API.md, read from the Person node."""

    id = fields.String()
    name = fields.String()
    headline = fields.String(allow_none=True)
    company = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    industry = fields.String(allow_none=True)
    location = fields.String(allow_none=True)


class RequestStatusSchema(Schema):
    id = fields.String()
    status = fields.String()


class RequestSchema(Schema):
    id = fields.String()
    from_ = fields.Nested(GraphUserSchema, data_key="from", attribute="from")
    to = fields.Nested(GraphUserSchema)
    note = fields.String()
    status = fields.String()
    created_at = fields.String()


class EmployerSchema(Schema):
    company_id = fields.String()
    name = fields.String()
    verified = fields.Boolean(metadata={"description": "proven with a work email at the company's domain"})


class PersonSchema(GraphUserSchema):
    degree = fields.Integer(allow_none=True)
    employer = fields.Nested(EmployerSchema, allow_none=True)
    mutual_connections = fields.Integer()
    connection_status = fields.String()
    request_id = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    expert_in = fields.List(fields.String(), metadata={"description": "categories the person is an expert in (trust)"})


class SuggestionSchema(Schema):
    user = fields.Nested(GraphUserSchema)
    score = fields.Float()
    mutual_connections = fields.Integer()
    reasons = fields.List(fields.String())


class SearchHitSchema(Schema):
    user = fields.Nested(GraphUserSchema)
    score = fields.Float()
    connected = fields.Boolean()
    is_me = fields.Boolean()
