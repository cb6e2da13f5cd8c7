"""JSON API of vendors (API.md: "Vendors: asking the network, and the shortlist")."""
from flask_login import current_user, login_required

from core import hooks
from core.api import accepts, returns
from core.paging import cursor_for, page
from core.db import get_session
from core.extensions import graph
from accounts.work_email import verified_domain
from trust.blueprint import bp
from trust import asking, companies, experts, reviews, service
from trust.company_schemas import AdminAddSchema, AdminListSchema, CompanyUpdateSchema, StaffListSchema
from trust.schemas import CompanyProfileSchema
from trust.schemas import (AnswerCreateSchema, AnswerSchema, BoxQuerySchema, CompanyCreateSchema, CompanyPageSchema,
                           CompanySchema, LookupQuerySchema, NameListSchema, RecommendationRequestCreateSchema,
                           RecommendationRequestSchema, RequestListSchema, ReviewCreateSchema, ReviewSchema,
                           ShortlistQuerySchema, ShortlistSchema, requests_cursor)
from trust.schemas import EndorsementCreateSchema, EndorsementSchema


@bp.post("/api/companies")
@login_required
@accepts(CompanyCreateSchema)
@returns(CompanySchema, 201)
def create_company(data):
    """Create a company (vendor) with the categories it supplies."""
    return CompanySchema().dump(companies.create_company(get_session(), graph, data)), 201


@bp.get("/api/companies")
@login_required
@accepts(LookupQuerySchema, location="query")
@returns(NameListSchema)
def find_companies(data):
    """Companies by name fragment (q) and/or category."""
    return NameListSchema().dump(page(service.find_companies(graph, data["q"], data["category"])))


@bp.get("/api/categories")
@login_required
@accepts(LookupQuerySchema, location="query")
@returns(NameListSchema)
def find_categories(data):
    """Categories some company supplies (q filters by fragment)."""
    return NameListSchema().dump(page(service.find_categories(graph, data["q"])))


@bp.get("/api/companies/<company_id>")
@login_required
@returns(CompanyPageSchema)
def show_company(company_id):
    """The vendor page: categories, reviews and who in my network knows it."""
    page = service.company_page(graph, current_user.id, company_id)
    page.update(companies.page_extras(graph, current_user.id, verified_domain(current_user), page))
    return CompanyPageSchema().dump(page)


@bp.post("/api/companies/<company_id>/reviews")
@login_required
@accepts(ReviewCreateSchema)
@returns(ReviewSchema, 201)
def review_company(company_id, data):
    """Rate one delivery from this company (each delivery is its own review; a repeated client_key answers 200)."""
    review = reviews.review_company(graph, current_user.id, company_id, data)
    return ReviewSchema().dump(review), 201 if review["created"] else 200


@bp.post("/api/recommendation-requests")
@login_required
@accepts(RecommendationRequestCreateSchema)
@returns(RecommendationRequestSchema, 201)
def ask_network(data):
    """Ask my network for a vendor recommendation in a category."""
    return RecommendationRequestSchema().dump(asking.ask_network(graph, current_user.id, data)), 201


@bp.get("/api/recommendation-requests")
@login_required
@accepts(BoxQuerySchema, location="query")
@returns(RequestListSchema)
def list_requests(data):
    """My inbox (default), my own requests (box=mine) or open opted-in requests for my company (box=sellers)."""
    items, after = asking.list_requests(graph, current_user.id, data["box"], data["cursor"], data["limit"])
    if data["box"] == "sellers":  # other features add to a seller's view (crm_sync: "already your lead")
        hooks.run(hooks.SELLER_VIEW, current_user.id, items)
    return RequestListSchema().dump(page(items, cursor_for(requests_cursor(data["box"]), after)))


@bp.get("/api/recommendation-requests/<request_id>")
@login_required
@returns(RecommendationRequestSchema)
def show_request(request_id):
    """A request I can see, with its answers (all of them for the asker, my own otherwise)."""
    return RecommendationRequestSchema().dump(asking.request_detail(graph, current_user.id, request_id))


@bp.post("/api/recommendation-requests/<request_id>/answers")
@login_required
@accepts(AnswerCreateSchema)
@returns(AnswerSchema, 201)
def answer_request(request_id, data):
    """Answer a request I can see with a vendor and a comment."""
    return AnswerSchema().dump(asking.answer_request(graph, current_user.id, request_id, data)), 201


@bp.post("/api/recommendation-requests/<request_id>/close")
@login_required
def close_request(request_id):
    """Close my request."""
    asking.close_request(graph, current_user.id, request_id)
    return {"status": "closed"}


@bp.get("/api/vendors/shortlist")
@login_required
@accepts(ShortlistQuerySchema, location="query")
@returns(ShortlistSchema)
def trusted_shortlist(data):
    """The best vendors of a category for me, with the evidence and reasons behind each score."""
    shortlist = service.vendor_shortlist(graph, current_user.id, data["category"], data["limit"],
                                         location=data["location"], certification=data["certification"])
    return ShortlistSchema().dump({**shortlist, "next_cursor": None})


# Company pages run by the company (trust/companies.py).
@bp.post("/api/companies/<company_id>/claim")
@login_required
@returns(CompanyProfileSchema)
def claim_company(company_id):
    """Run this company's page: needs a verified work email at its domain; I become an admin and verified staff."""
    return CompanyProfileSchema().dump(
        companies.claim(get_session(), graph, current_user.id, verified_domain(current_user), company_id))


@bp.patch("/api/companies/<company_id>")
@login_required
@accepts(CompanyUpdateSchema)
@returns(CompanyProfileSchema)
def update_company(company_id, data):
    """Edit the page's description, website, location, size and categories (page admins)."""
    return CompanyProfileSchema().dump(
        companies.update_company(graph, current_user.id, verified_domain(current_user), company_id, data))


@bp.get("/api/companies/<company_id>/staff")
@login_required
@returns(StaffListSchema)
def company_staff(company_id):
    """The company's verified staff, each with whether they are a page admin (page admins)."""
    return StaffListSchema().dump(page(companies.verified_staff(graph, current_user.id, company_id)))


@bp.post("/api/companies/<company_id>/admins")
@login_required
@accepts(AdminAddSchema)
@returns(AdminListSchema, 201)
def add_company_admin(company_id, data):
    """Make one of the company's verified staff a page admin (page admins)."""
    return AdminListSchema().dump(page(companies.add_admin(graph, current_user.id, company_id, data["user_id"]))), 201


@bp.delete("/api/companies/<company_id>/admins/<user_id>")
@login_required
def remove_company_admin(company_id, user_id):
    """Remove a page admin (page admins; oneself too), never the last one."""
    companies.remove_admin(graph, current_user.id, company_id, user_id)
    return "", 204


# --- Experts' endorsements (reviews per delivery are above, in review_company) ---

@bp.post("/api/companies/<company_id>/endorsements")
@login_required
@accepts(EndorsementCreateSchema)
@returns(EndorsementSchema, 201)
def endorse_company(company_id, data):
    """An expert in the category vouches for this vendor; a second endorsement replaces the statement."""
    return EndorsementSchema().dump(experts.endorse_company(graph, current_user.id, company_id, data)), 201


def add_expertise(_viewer_id: str, person: dict) -> None:
    """The profile hook (core.hooks.PERSON_VIEW): `expert_in` on GET /api/people/<id>."""
    person["expert_in"] = experts.expert_in(graph, person["id"])
