"""Browser pages of vendors: ask my network, my requests, inbox, seller's view, shortlist, vendor pages."""
import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core import hooks
from core.errors import DomainError, form_errors
from core.paging import cursor_for, page, position_of
from core.extensions import graph
from trust.blueprint import bp
from trust import asking, experts, reviews, service
from trust.schemas import (REQUESTS_AFTER, AnswerCreateSchema, CompanyCreateSchema, RecommendationRequestCreateSchema,
                           ReviewCreateSchema, ShortlistQuerySchema, requests_cursor)
from trust.schemas import EndorsementCreateSchema

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
    count = asked["recipients"]
    flash(f"Asked {count} {'person' if count == 1 else 'people'} in your network about {asked['category']}.", "success")
    return redirect(url_for("trust.request_page", request_id=asked["id"]))


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
    flash("Thanks — your recommendation was sent.", "success")
    back = BACK_TO.get(request.form.get("back", ""))
    return redirect(url_for(back) if back else url_for("trust.request_page", request_id=request_id))


@bp.post("/vendors/requests/<request_id>/close")
@login_required
def close_page(request_id):
    """Close my request."""
    asking.close_request(graph, current_user.id, request_id)
    flash("Request closed.", "info")
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
            company = service.create_company(graph, CompanyCreateSchema().load({
                "name": request.form.get("name", ""), "domain": request.form.get("domain", ""),
                "industry": request.form.get("industry", ""), "categories": categories}))
        except (SchemaError, DomainError) as exc:
            if isinstance(exc, DomainError) and exc.status >= 500:
                raise
            return render_template("trust/companies.html", companies=[], q=q, form=request.form,
                                   errors=form_errors(exc)), 400
        flash(f"{company['name']} added.", "success")
        return redirect(url_for("trust.company_page", company_id=company["id"]))
    companies = service.find_companies(graph, q=q) if q else []
    return render_template("trust/companies.html", companies=companies, q=q, form={}, errors={})


@bp.get("/vendors/companies/<company_id>")
@login_required
def company_page(company_id, form=None, errors=None, status=200):
    """A vendor: its categories, endorsements, reviews, who in my network knows it, a review form and, for an
    expert in one of its categories, an endorsement form."""
    company = service.company_page(graph, current_user.id, company_id)
    mine = set(experts.expert_in(graph, current_user.id))
    endorsable = [c for c in company["categories"] if c in mine]
    return render_template("trust/company.html", company=company, form=form or {}, errors=errors or {},
                           form_key=uuid.uuid4().hex, endorsable=endorsable), status


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
    flash("Thanks for your review." if review["created"] else "That review was saved already.", "success")
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
    flash("Your endorsement was updated." if endorsement["replaced"] else "Thanks for your endorsement.", "success")
    return redirect(url_for("trust.company_page", company_id=company_id))
