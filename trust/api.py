"""JSON API of vendors (API.md: "Vendors: asking the network, and the shortlist")."""
from flask_login import current_user, login_required

from core import hooks
from core.api import accepts, returns
from core.paging import cursor_for, page
from core.extensions import graph
from trust.blueprint import bp
from trust import asking, experts, reviews, service
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
    return CompanySchema().dump(service.create_company(graph, data)), 201


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
    return CompanyPageSchema().dump(service.company_page(graph, current_user.id, company_id))


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
