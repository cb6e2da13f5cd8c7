"""JSON API of industry communities (API.md: Work chat, grown up — Communities)."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.db import get_session
from core.paging import cursor_for, page
from messaging import communities, community_moderation as moderation
from messaging.blueprint import bp
from messaging.community_schemas import (COMMUNITIES_CURSOR, COMMUNITY_SEARCH_CURSOR, CommunityListSchema,
                                         CommunityQuery, CommunitySchema, CommunitySearchQuery, CommunityMemberSchema)
from messaging.schemas import MessageListSchema, MessageSchema


@bp.get("/api/communities")
@login_required
@accepts(CommunityQuery, location="query")
@returns(CommunityListSchema)
def list_communities(data):
    """Open industry channels, my industry's first; `industry` filters by part of the name."""
    items, after = communities.list_communities(get_session(), current_user.id, current_user.industry,
                                                data["industry"], data["limit"], (data["cursor"] or [0])[0])
    return page(items, cursor_for(COMMUNITIES_CURSOR, after))


@bp.get("/api/communities/<community_id>")
@login_required
@returns(CommunitySchema)
def show_community(community_id):
    """One community: members, whether I joined it, whether I moderate it."""
    return communities.show(get_session(), current_user.id, community_id, current_user.industry)


@bp.post("/api/communities/<community_id>/join")
@login_required
@returns(CommunitySchema)
def join_community(community_id):
    """Join the community's conversation (joining again is a 200 that changes nothing)."""
    return communities.join(get_session(), current_user.id, community_id)[0]


@bp.post("/api/communities/<community_id>/leave")
@login_required
@returns(CommunitySchema)
def leave_community(community_id):
    """Leave the community's conversation."""
    return communities.leave(get_session(), current_user.id, community_id)


@bp.post("/api/communities/<community_id>/moderators")
@login_required
@accepts(CommunityMemberSchema)
@returns(CommunitySchema)
def add_moderator(community_id, data):
    """A moderator names a member a moderator."""
    return moderation.add_moderator(get_session(), current_user.id, community_id, data["user_id"])


@bp.delete("/api/communities/<community_id>/members/<user_id>")
@login_required
@returns(CommunitySchema)
def remove_community_member(community_id, user_id):
    """A moderator removes a member, who cannot rejoin for 30 days unless let back in."""
    return moderation.remove_member(get_session(), current_user.id, community_id, user_id)


@bp.delete("/api/communities/<community_id>/bans/<user_id>")
@login_required
@returns(CommunitySchema)
def readmit_member(community_id, user_id):
    """A moderator lets a removed person join again."""
    return moderation.readmit(get_session(), current_user.id, community_id, user_id)


@bp.delete("/api/communities/<community_id>/messages/<message_id>")
@login_required
@returns(MessageSchema)
def remove_message(community_id, message_id):
    """A moderator removes a message (a member, their own)."""
    return moderation.remove_message(get_session(), current_user.id, community_id, message_id)


@bp.get("/api/communities/<community_id>/messages/search")
@login_required
@accepts(CommunitySearchQuery, location="query")
@returns(MessageListSchema)
def search_community(community_id, data):
    """Search the community's messages (members only), newest first."""
    items, after = moderation.search(get_session(), current_user.id, community_id, data["q"], data["limit"],
                                     (data["cursor"] or [0])[0])
    return page(items, cursor_for(COMMUNITY_SEARCH_CURSOR, after))
