"""Browser pages of the professional graph: profile, my network, suggestions, search."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core.errors import DomainError, translated
from core.i18n import N_
from core.security import same_site_path
from core.extensions import graph
from network import connections, discovery, introductions, search_page as search_page_tabs, suggestion_texts
from network.blueprint import bp
from network.schemas import RequestCreateSchema, checked_id

DECISIONS = {"accept": (connections.accept_request, N_("Request accepted — you are now connected.")),
             "decline": (connections.decline_request, N_("Request declined.")),
             "withdraw": (connections.withdraw_request, N_("Request withdrawn."))}
PAGE_SIZE = 200


def _back(default: str):
    """Return to the page the form was on (same-site paths only)."""
    return redirect(same_site_path(request.form.get("next"), default))


def _flash_rule_error(exc: DomainError) -> None:
    # Rule violations (409, 403, ...) are shown on the page; an unavailable graph keeps its 503 page.
    if exc.status >= 500:
        raise exc
    flash(translated(exc.message), "error")


@bp.get("/people/<user_id>")
@login_required
def person_page(user_id):
    """A person's profile as I see it: degree, mutual connections, connect button."""
    person = discovery.person_view(graph, current_user.id, checked_id(user_id))
    skills = discovery.skills_of(graph, user_id)
    mutual = introductions.mutual_connections(graph, current_user.id, user_id) if person["mutual_connections"] else []
    return render_template("network/person.html", person=person, skills=skills, mutual=mutual)


@bp.post("/people/<user_id>/connect")
@login_required
def connect_page(user_id):
    """Send a connection request with an optional note."""
    try:
        data = RequestCreateSchema().load({"to_user_id": user_id, "note": request.form.get("note", "").strip()})
        result = connections.request_connection(graph, current_user.id, data["to_user_id"], data["note"])
        flash(_("You are now connected.") if result["status"] == "accepted" else _("Connection request sent."), "success")
    except SchemaError as exc:
        flash(" ".join(translated(m) for ms in exc.messages.values() for m in ms), "error")
    except DomainError as exc:
        _flash_rule_error(exc)
    return _back(url_for("network.person_page", user_id=user_id))


@bp.post("/people/<user_id>/remove")
@login_required
def remove_connection_page(user_id):
    """Remove a connection."""
    try:
        connections.remove_connection(graph, current_user.id, checked_id(user_id))
        flash(_("Connection removed."), "info")
    except DomainError as exc:
        _flash_rule_error(exc)
    return _back(url_for("network.person_page", user_id=user_id))


@bp.get("/network")
@login_required
def my_network_page():
    """My connections and my incoming and outgoing requests."""
    me = current_user.id
    return render_template(
        "network/my_network.html",
        connections=connections.list_connections(graph, me, 0, PAGE_SIZE),
        incoming=connections.list_requests(graph, me, "incoming", 0, PAGE_SIZE),
        outgoing=connections.list_requests(graph, me, "outgoing", 0, PAGE_SIZE), page_size=PAGE_SIZE)


@bp.post("/network/requests/<request_id>")
@login_required
def decide_request_page(request_id):
    """Accept, decline or withdraw a request."""
    decision = DECISIONS.get(request.form.get("decision", ""))
    if decision is None:
        abort(400, N_("Choose accept, decline or withdraw."))
    decide, message = decision
    try:
        decide(graph, current_user.id, checked_id(request_id, "request_id"))
        flash(_(message), "success")
    except DomainError as exc:
        _flash_rule_error(exc)
    return _back(url_for("network.my_network_page"))


@bp.get("/network/suggestions")
@login_required
def suggestions_page():
    """People I may know, with reasons, a connect button and a dismiss button."""
    suggestions = discovery.recommend_people(graph, current_user.id, 20)
    for suggestion in suggestions:
        suggestion["reasons"] = [suggestion_texts.reason(r) for r in suggestion["explained"]]
    return render_template("network/suggestions.html", suggestions=suggestions)


@bp.post("/network/suggestions/<user_id>/dismiss")
@login_required
def dismiss_page(user_id):
    """Hide a suggestion for good."""
    try:
        discovery.dismiss_suggestion(graph, current_user.id, checked_id(user_id))
        flash(_("Suggestion dismissed; it will not come back."), "info")
    except DomainError as exc:
        _flash_rule_error(exc)
    return redirect(url_for("network.suggestions_page"))


@bp.get("/search")
@login_required
def search_page():
    """Find people, companies (Chinese names and pinyin too) or words in my own messages; one tab at a time."""
    text, tab = request.args.get("q", "").strip(), request.args.get("tab", "people")
    view = {"q": text, "tab": tab if tab in search_page_tabs.TABS else "people", "hits": None, "errors": {}}
    if not text and tab in search_page_tabs.TABS:
        return render_template("network/search.html", **view)
    try:
        data = search_page_tabs.SearchPageQuery().load({"q": text, "tab": tab})
        view["hits"] = search_page_tabs.results(current_user.id, data["tab"], data["q"])
    except SchemaError as exc:
        return render_template("network/search.html", **{**view, "errors": exc.messages}), 400
    except DomainError as exc:
        if exc.status >= 500:
            raise
        return render_template("network/search.html", **{**view, "errors": exc.fields}), exc.status
    return render_template("network/search.html", **view)
