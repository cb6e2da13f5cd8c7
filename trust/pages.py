"""Browser pages of vendors: ask my network, my requests, inbox, seller's view, shortlist, vendor pages."""
import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core import hooks
from core.errors import DomainError, form_errors, translated
from core.paging import cursor_for, page, position_of
from core.db import get_session
from core.extensions import graph
from accounts.work_email import verified_domain
from trust.blueprint import bp
from trust import asking, companies, experts, reviews, service
from trust.company_schemas import COMPANY_SIZES, CompanyUpdateSchema
from trust.schemas import (REQUESTS_AFTER, AnswerCreateSchema, CompanyCreateSchema, EndorsementCreateSchema,
                           RecommendationRequestCreateSchema, ReviewCreateSchema, ShortlistQuerySchema, requests_cursor)

BACK_TO = {"inbox": "trust.inbox_page", "sellers": "trust.sellers_page"}
REVIEW_FIELDS = ("category", "rating", "quality", "delivery", "service", "comment", "delivered_on", "deal_id", "client_key")


def _box(box: str) -> dict:
    """One page of a box of requests, from the page's cursor (a bad one is a 400)."""
    after = position_of(requests_cursor(box), request.args.get("cursor"), REQUESTS_AFTER)
    items, after = asking.list_requests(graph, current_user.id, box, after, 20)
    return page(items, cursor_for(requests_cursor(box), after))


def _vendors_by_category(requests: list[dict]) -> dict[str, list[dict]]:
    """The companies an answer form may offer, per category on the page."""
    return {c: service.find_companies(graph, category=c) for c in {r["category"] for r in requests}}


@bp.route("/vendors/ask", methods=["GET", "POST"])
@login_required
def ask_page():
    """Ask my network for a vendor recommendation."""
    categories = service.find_categories(graph)
    if request.method == "GET":
        return render_template("trust/ask.html", form=request.args, errors={}, categories=categories)
    try:
        data = RecommendationRequestCreateSchema().load({"category": request.form.get("category", ""),
                                           "details": request.form.get("details", ""),
                                           "vendors_may_contact": "vendors_may_contact" in request.form})
        asked = asking.ask_network(graph, current_user.id, data)
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status >= 500:
            raise
        return render_template("trust/ask.html", form=request.form, errors=form_errors(exc), categories=categories), 400
    _flash_asked(asked["recipients"], asked["category"])
    return redirect(url_for("trust.request_page", request_id=asked["id"]))


def _flash_asked(count: int, category: str) -> None:
    """Congratulate only when someone was asked; with nobody to ask, say so (the request page shows how to grow)."""
    if count:
        flash(ngettext("Asked %(num)d person in your network about %(category)s.",
                       "Asked %(num)d people in your network about %(category)s.", count, category=category), "success")
    else:
        flash(gettext("Nobody in your network could be asked about %(category)s yet: your request is saved, and people "
                      "you connect with can see it once they are in your network.", category=category), "warning")


@bp.get("/vendors/requests")
@login_required
def requests_page():
    """My requests, with the answers they got."""
    listed = _box("mine")
    return render_template("trust/requests.html", listed=listed)


@bp.get("/vendors/requests/<request_id>")
@login_required
def request_page(request_id, errors=None, status=200):
    """One request: its answers for the asker, an answer form for everyone else who can see it."""
    item = asking.request_detail(graph, current_user.id, request_id)
    vendors = _vendors_by_category([item])
    return render_template("trust/request.html", item=item, vendors=vendors, errors=errors or {}), status


@bp.post("/vendors/requests/<request_id>/answers")
@login_required
def answer_page(request_id):
    """Answer a request with a vendor and a comment."""
    try:
        data = AnswerCreateSchema().load({"company_id": request.form.get("company_id", ""),
                                          "comment": request.form.get("comment", "")})
        asking.answer_request(graph, current_user.id, request_id, data)
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status not in (400, 403, 409):
            raise
        return request_page(request_id, errors=form_errors(exc), status=400 if isinstance(exc, SchemaError) else exc.status)
    flash(gettext("Thanks — your recommendation was sent."), "success")
    back = BACK_TO.get(request.form.get("back", ""))
    return redirect(url_for(back) if back else url_for("trust.request_page", request_id=request_id))


@bp.post("/vendors/requests/<request_id>/close")
@login_required
def close_page(request_id):
    """Close my request."""
    asking.close_request(graph, current_user.id, request_id)
    flash(gettext("Request closed."), "info")
    return redirect(url_for("trust.request_page", request_id=request_id))


@bp.get("/vendors/inbox")
@login_required
def inbox_page():
    """Requests my connections sent to people with my experience, each with an answer form."""
    listed = _box("inbox")
    return render_template("trust/inbox.html", listed=listed, vendors=_vendors_by_category(listed["items"]),
                           box="inbox")


@bp.get("/vendors/sellers")
@login_required
def sellers_page():
    """Open requests in my company's categories whose askers agreed to hear from vendors."""
    listed = _box("sellers")
    hooks.run(hooks.SELLER_VIEW, current_user.id, listed["items"])
    return render_template("trust/inbox.html", listed=listed, vendors=_vendors_by_category(listed["items"]),
                           box="sellers")


@bp.get("/vendors/shortlist")
@login_required
def shortlist_page():
    """The trusted shortlist of a category, with the evidence and reasons behind each vendor."""
    categories = service.find_categories(graph)
    if not request.args.get("category"):
        return render_template("trust/shortlist.html", shortlist=None, form={}, errors={}, categories=categories)
    try:
        query = ShortlistQuerySchema().load(request.args.to_dict())
        shortlist = service.vendor_shortlist(graph, current_user.id, query["category"], query["limit"],
                                             location=query["location"], certification=query["certification"])
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status >= 500:
            raise
        return render_template("trust/shortlist.html", shortlist=None, form=request.args, errors=form_errors(exc),
                               categories=categories), 400
    return render_template("trust/shortlist.html", shortlist=shortlist, form=request.args, errors={},
                           categories=categories, limit=query["limit"])


@bp.route("/vendors/companies", methods=["GET", "POST"])
@login_required
def companies_page():
    """Find a vendor, or add one with the categories it supplies."""
    q = request.args.get("q", "").strip()
    if request.method == "POST":
        try:
            categories = [c for c in request.form.get("categories", "").split(",") if c.strip()]
            company = companies.create_company(get_session(), graph, CompanyCreateSchema().load({
                "name": request.form.get("name", ""), "domain": request.form.get("domain", ""),
                "industry": request.form.get("industry", ""), "categories": categories}))
        except (SchemaError, DomainError) as exc:
            if isinstance(exc, DomainError) and exc.status >= 500:
                raise
            return render_template("trust/companies.html", companies=[], q=q, form=request.form,
                                   errors=form_errors(exc)), 400
        flash(gettext("%(company)s added.", company=company["name"]), "success")
        return redirect(url_for("trust.company_page", company_id=company["id"]))
    found = service.find_companies(graph, q=q) if q else []
    return render_template("trust/companies.html", companies=found, q=q, form={}, errors={})


@bp.get("/vendors/companies/<company_id>")
@login_required
def company_page(company_id, form=None, errors=None, status=200, **sections):
    """A vendor: its page (run by the company), certificates, endorsements, reviews, who in my network knows it, a
    review form and, for an expert in one of its categories, an endorsement form (sections: what other forms on the
    page re-show, e.g. the certificate form with its errors)."""
    company = service.company_page(graph, current_user.id, company_id)
    company.update(companies.page_extras(graph, current_user.id, verified_domain(current_user), company))
    run = _company_admin_view(company, form, errors) if company["viewer"]["admin"] else {}
    mine = set(experts.expert_in(graph, current_user.id))
    endorsable = [c for c in company["categories"] if c in mine]
    # A deal's page links here with its deal_id and delivery date, to fill them into the review form.
    prefill = {k: v for k, v in request.args.items() if k in ("deal_id", "delivered_on")}
    return render_template("trust/company.html", company=company, form=form or prefill, errors=errors or {},
                           run=run, form_key=uuid.uuid4().hex, endorsable=endorsable,
                           **sections), status


@bp.post("/vendors/companies/<company_id>/reviews")
@login_required
def review_page(company_id):
    """Rate a delivery from this vendor."""
    try:
        data = ReviewCreateSchema().load({k: request.form.get(k, "") for k in REVIEW_FIELDS})
        review = reviews.review_company(graph, current_user.id, company_id, data)
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status not in (400, 403):
            raise
        status = 400 if isinstance(exc, SchemaError) else exc.status
        return company_page(company_id, form=request.form, errors=form_errors(exc), status=status)
    flash(gettext("Thanks for your review.") if review["created"] else gettext("That review was saved already."), "success")
    return redirect(url_for("trust.company_page", company_id=company_id))


# --- Experts' endorsements ---

@bp.post("/vendors/companies/<company_id>/endorsements")
@login_required
def endorse_page(company_id):
    """An expert endorses this vendor in one of their categories."""
    try:
        data = EndorsementCreateSchema().load({k: request.form.get(k, "") for k in ("category", "statement")})
        endorsement = experts.endorse_company(graph, current_user.id, company_id, data)
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status not in (400, 403):
            raise
        status = 400 if isinstance(exc, SchemaError) else exc.status
        return company_page(company_id, form=request.form, errors=form_errors(exc), status=status)
    flash(gettext("Your endorsement was updated.") if endorsement["replaced"] else gettext("Thanks for your endorsement."),
          "success")
    return redirect(url_for("trust.company_page", company_id=company_id))


# Company pages run by the company (trust/companies.py): claim, edit the profile, manage the admins.
def _company_admin_view(company: dict, form: dict | None, errors: dict | None) -> dict:
    """What a page admin's forms need: the verified staff, the size bands, the edit form's values and errors."""
    values = form if form is not None and "website" in form else {
        **{k: company.get(k) or "" for k in ("description", "website", "location", "size")},
        "categories": ", ".join(company["categories"])}
    return {"staff": companies.verified_staff(graph, current_user.id, company["id"]), "sizes": COMPANY_SIZES,
            "form": values, "errors": errors or {}}


def _run_failed(company_id: str, exc: Exception):
    """Show the page again with the error; 5xx stays an error page."""
    if isinstance(exc, DomainError) and exc.status >= 500:
        raise exc
    status = 400 if isinstance(exc, SchemaError) else exc.status  # type: ignore[attr-defined]
    if isinstance(exc, DomainError) and exc.status in (403, 404):
        flash(translated(exc.message), "error")
        return redirect(url_for("trust.company_page", company_id=company_id))
    return company_page(company_id, form=request.form, errors=form_errors(exc), status=status)


@bp.post("/vendors/companies/<company_id>/claim")
@login_required
def claim_page(company_id):
    """Claim the page with a verified work email at the company's domain."""
    try:
        companies.claim(get_session(), graph, current_user.id, verified_domain(current_user), company_id)
    except DomainError as exc:
        return _run_failed(company_id, exc)
    flash(gettext("You run this page now: fill in the profile below."), "success")
    return redirect(url_for("trust.company_page", company_id=company_id))


@bp.post("/vendors/companies/<company_id>/profile")
@login_required
def edit_company_page(company_id):
    """Page admins save the profile and categories."""
    try:
        fields = {k: request.form.get(k, "") for k in ("description", "website", "location", "size")}
        fields["categories"] = [c for c in request.form.get("categories", "").split(",") if c.strip()]
        companies.update_company(graph, current_user.id, verified_domain(current_user), company_id,
                                 CompanyUpdateSchema().load(fields))
    except (SchemaError, DomainError) as exc:
        return _run_failed(company_id, exc)
    flash(gettext("Company page saved."), "success")
    return redirect(url_for("trust.company_page", company_id=company_id))


@bp.post("/vendors/companies/<company_id>/admins")
@login_required
def add_admin_page(company_id):
    """Page admins make a verified colleague an admin."""
    try:
        companies.add_admin(graph, current_user.id, company_id, request.form.get("user_id", ""))
    except DomainError as exc:
        return _run_failed(company_id, exc)
    flash(gettext("Admin added."), "success")
    return redirect(url_for("trust.company_page", company_id=company_id))


@bp.post("/vendors/companies/<company_id>/admins/<user_id>/remove")
@login_required
def remove_admin_page(company_id, user_id):
    """Page admins remove an admin (themselves too), never the last one."""
    try:
        companies.remove_admin(graph, current_user.id, company_id, user_id)
    except DomainError as exc:
        if exc.status == 409:
            flash(translated(exc.message), "error")
            return redirect(url_for("trust.company_page", company_id=company_id))
        return _run_failed(company_id, exc)
    flash(gettext("Admin removed."), "info")
    return redirect(url_for("trust.company_page", company_id=company_id))
