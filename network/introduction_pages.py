"""Browser pages of introductions: ask a mutual connection from a profile, answer on my introductions page."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core.errors import DomainError, translated
from core.i18n import N_
from core.extensions import graph
from network import introductions
from network.blueprint import bp
from network.introduction_schemas import IntroductionCreateSchema
from network.schemas import checked_id

# An answered introduction's status as its page shows it (the API keeps the English values).
STATUSES = {"pending": N_("pending"), "accepted": N_("accepted"), "declined": N_("declined")}


@bp.get("/network/introductions")
@login_required
def introductions_page():
    """Introductions asked of me (to answer) and those I asked for."""
    found = introductions.introductions_of(graph, current_user.id)
    return render_template("network/introductions.html",
                           asked_of_me=[i for i in found if i["via"]["id"] == current_user.id],
                           mine=[i for i in found if i["asker"]["id"] == current_user.id], introduction_statuses=STATUSES)


@bp.post("/people/<user_id>/introduction")
@login_required
def ask_introduction_page(user_id):
    """Ask the chosen mutual connection to introduce me to this person."""
    try:
        data = IntroductionCreateSchema().load({"to_user_id": user_id, "via_user_id": request.form.get("via_user_id", ""),
                                                "note": request.form.get("note", "")})
        asked = introductions.ask_introduction(graph, current_user.id, data)
        flash(_("Asked %(name)s to introduce you.", name=asked['via']['name']), "success")
    except SchemaError as exc:
        flash(" ".join(translated(m) for ms in exc.messages.values() for m in ms), "error")
    except DomainError as exc:
        if exc.status >= 500:
            raise
        flash(translated(exc.message), "error")
    return redirect(url_for("network.person_page", user_id=checked_id(user_id)))


@bp.post("/network/introductions/<introduction_id>")
@login_required
def answer_introduction_page(introduction_id):
    """Accept (the conversation opens) or decline an introduction asked of me."""
    accept = request.form.get("decision") == "accept"
    try:
        decided = introductions.decide_introduction(graph, current_user.id, checked_id(introduction_id, "id"), accept)
    except DomainError as exc:
        if exc.status >= 500:
            raise
        flash(translated(exc.message), "error")
        return redirect(url_for("network.introductions_page"))
    if accept and decided.get("conversation_id"):
        flash(_("You introduced %(asker)s and %(person)s.", asker=decided['asker']['name'], person=decided['to']['name']),
              "success")
        return redirect(url_for("messaging.chat_page", c=decided["conversation_id"]))
    flash(_("Declined. Nobody is told."), "info")
    return redirect(url_for("network.introductions_page"))
