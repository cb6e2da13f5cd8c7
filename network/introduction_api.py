"""JSON API of introductions and mutual connections (API.md: "Work chat, grown up": introductions)."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.extensions import graph
from core.paging import page
from network import introductions
from network.blueprint import bp
from network.introduction_schemas import (IntroductionCreateSchema, IntroductionListSchema, IntroductionQuery,
                                          IntroductionSchema, MutualListSchema)
from network.schemas import checked_id


@bp.post("/api/introductions")
@login_required
@accepts(IntroductionCreateSchema)
@returns(IntroductionSchema, 201)
def ask_introduction(data):
    """Ask a mutual connection to introduce me to someone."""
    return IntroductionSchema().dump(introductions.ask_introduction(graph, current_user.id, data)), 201


@bp.get("/api/introductions")
@login_required
@accepts(IntroductionQuery, location="query")
@returns(IntroductionListSchema)
def list_introductions(data):
    """Introductions I asked for and those asked of me, newest first."""
    return IntroductionListSchema().dump(page(introductions.introductions_of(graph, current_user.id, data["status"])))


@bp.get("/api/introductions/<introduction_id>")
@login_required
@returns(IntroductionSchema)
def show_introduction(introduction_id):
    """One introduction (the asker and the mutual connection only)."""
    return IntroductionSchema().dump(introductions.introduction(graph, current_user.id, checked_id(introduction_id, "id")))


@bp.post("/api/introductions/<introduction_id>/accept")
@login_required
@returns(IntroductionSchema)
def accept_introduction(introduction_id):
    """The mutual connection accepts: a three-person conversation opens (its id is in the answer)."""
    return _answer(introduction_id, accept=True)


@bp.post("/api/introductions/<introduction_id>/decline")
@login_required
@returns(IntroductionSchema)
def decline_introduction(introduction_id):
    """The mutual connection declines; nobody is told."""
    return _answer(introduction_id, accept=False)


def _answer(introduction_id: str, accept: bool):
    decided = introductions.decide_introduction(graph, current_user.id, checked_id(introduction_id, "id"), accept)
    return IntroductionSchema().dump(decided)


@bp.get("/api/people/<user_id>/mutual-connections")
@login_required
@returns(MutualListSchema)
def mutual_connections(user_id):
    """The people both of us are connected to, by name (up to 20): who could introduce us."""
    return MutualListSchema().dump(page(introductions.mutual_connections(graph, current_user.id, checked_id(user_id))))
