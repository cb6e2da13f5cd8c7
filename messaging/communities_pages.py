"""The communities page: my industry's community first, a join button, the others found by industry."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.db import get_session
from core.errors import DomainError, translated
from messaging import communities
from messaging.blueprint import bp

SHOWN = 50


@bp.get("/communities")
@login_required
def communities_page():
    """Industry communities: mine first, others by industry (`?industry=`)."""
    wanted = request.args.get("industry", "").strip()[:100]
    items, _ = communities.list_communities(get_session(), current_user.id, current_user.industry,
                                            wanted or None, SHOWN, 0)
    return render_template("messaging/communities.html", communities=items, industry=wanted,
                           own_industry=current_user.industry)


@bp.post("/communities/<community_id>/join")
@login_required
def join_community_page(community_id):
    """Join, then open the community in the chat."""
    try:
        community, _ = communities.join(get_session(), current_user.id, community_id)
    except DomainError as exc:
        flash(translated(exc.message), "error")
        return redirect(url_for("messaging.communities_page"))
    return redirect(url_for("messaging.chat_page", c=community["conversation_id"]))


@bp.post("/communities/<community_id>/leave")
@login_required
def leave_community_page(community_id):
    """Leave, back to the list."""
    try:
        community = communities.leave(get_session(), current_user.id, community_id)
        flash(gettext("You left the %(name)s community.", name=community["name"]), "success")
    except DomainError as exc:
        flash(translated(exc.message), "error")
    return redirect(url_for("messaging.communities_page"))
