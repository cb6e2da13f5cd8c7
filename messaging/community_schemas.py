"""The shapes of industry communities (API.md: Communities)."""
from marshmallow import fields, validate

from core import paging
from core.schemas import Schema

COMMUNITIES_CURSOR, COMMUNITY_SEARCH_CURSOR = "messaging.communities", "messaging.community_search"  # [offset]
_ID = validate.Length(min=1, max=64)


class CommunityQuery(Schema):
    industry = fields.String(load_default=None, validate=validate.Length(max=100),
                             metadata={"description": "part of an industry's name, any case"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = paging.Cursor(COMMUNITIES_CURSOR, (int,))


class CommunitySchema(Schema):
    id = fields.String()
    industry = fields.String()
    name = fields.String()
    members = fields.Integer()
    joined = fields.Boolean()
    moderator = fields.Boolean(metadata={"description": "the caller moderates it"})
    mine = fields.Boolean(metadata={"description": "the industry of the caller's profile"})
    conversation_id = fields.String()


class CommunityMemberSchema(Schema):
    user_id = fields.String(required=True, validate=_ID)


class CommunitySearchQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = paging.Cursor(COMMUNITY_SEARCH_CURSOR, (int,))


CommunityListSchema = paging.list_of(CommunitySchema)
