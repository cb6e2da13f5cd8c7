"""JSON API of the professional graph (API.md: Network)."""
from flask_login import current_user, login_required

from core import hooks
from core.api import accepts, returns
from core.paging import cursor_for, list_of, page
from core.extensions import graph
from network import connections, discovery
from network.blueprint import bp
from network.schemas import (ConnectionListQuery, PersonSchema, RecommendationQuery, RequestCreateSchema,
                             RequestListQuery, RequestSchema, RequestStatusSchema, SearchHitSchema, SearchQuery,
                             SkillsSchema, SuggestionSchema, GraphUserSchema, checked_id)

RequestList, UserList = list_of(RequestSchema), list_of(GraphUserSchema)
SuggestionList, SearchHitList = list_of(SuggestionSchema), list_of(SearchHitSchema)
# The two hottest endpoints reuse one schema instance (building nested schemas costs more than dumping).
PERSON_OUT, SUGGESTIONS_OUT = PersonSchema(), SuggestionList()


def _page(schema, items: list, query: dict, kind: str):
    """One page of items; a full page gets a cursor to the next one."""
    after = [query["offset"] + query["limit"]] if len(items) == query["limit"] else None
    return schema().dump(page(items, cursor_for(kind, after)))


@bp.post("/api/connections/requests")
@login_required
@accepts(RequestCreateSchema)
@returns(RequestStatusSchema, 201)
def create_request(data):
    """Ask someone to connect (a request to someone who asked me connects us at once)."""
    result = connections.request_connection(graph, current_user.id, data["to_user_id"], data["note"])
    return RequestStatusSchema().dump(result), 201


@bp.get("/api/connections/requests")
@login_required
@accepts(RequestListQuery, location="query")
@returns(RequestList)
def list_requests(data):
    """My pending incoming or outgoing requests."""
    items = connections.list_requests(graph, current_user.id, data["direction"], data["offset"], data["limit"])
    return _page(RequestList, items, data, RequestListQuery.KIND)


@bp.post("/api/connections/requests/<request_id>/accept")
@login_required
@returns(RequestStatusSchema)
def accept_request(request_id):
    """Accept a request sent to me (recipient only)."""
    result = connections.accept_request(graph, current_user.id, checked_id(request_id, "request_id"))
    return RequestStatusSchema().dump(result)


@bp.post("/api/connections/requests/<request_id>/decline")
@login_required
@returns(RequestStatusSchema)
def decline_request(request_id):
    """Decline a request sent to me (recipient only)."""
    result = connections.decline_request(graph, current_user.id, checked_id(request_id, "request_id"))
    return RequestStatusSchema().dump(result)


@bp.post("/api/connections/requests/<request_id>/withdraw")
@login_required
@returns(RequestStatusSchema)
def withdraw_request_post(request_id):
    """Withdraw a request I sent (sender only)."""
    result = connections.withdraw_request(graph, current_user.id, checked_id(request_id, "request_id"))
    return RequestStatusSchema().dump(result)


@bp.delete("/api/connections/requests/<request_id>")
@login_required
def withdraw_request(request_id):
    """Withdraw a request I sent."""
    connections.withdraw_request(graph, current_user.id, checked_id(request_id, "request_id"))
    return "", 204


@bp.get("/api/connections")
@login_required
@accepts(ConnectionListQuery, location="query")
@returns(UserList)
def list_connections(data):
    """My 1st-degree connections."""
    rows = connections.list_connections(graph, current_user.id, data["offset"], data["limit"])
    return _page(UserList, [row["user"] for row in rows], data, ConnectionListQuery.KIND)


@bp.delete("/api/connections/<user_id>")
@login_required
def remove_connection(user_id):
    """End a connection."""
    connections.remove_connection(graph, current_user.id, checked_id(user_id))
    return "", 204


@bp.get("/api/people/<user_id>")
@login_required
@returns(PersonSchema)
def show_person(user_id):
    """A person with their degree from me and our mutual connections."""
    person = discovery.person_view(graph, current_user.id, checked_id(user_id))
    hooks.run(hooks.PERSON_VIEW, current_user.id, person)  # other features add to a profile (trust: expert_in)
    return PERSON_OUT.dump(person)


@bp.get("/api/people")
@login_required
@accepts(SearchQuery, location="query")
@returns(SearchHitList)
def search_people(data):
    """Search people by name, company, title, industry or skill."""
    hits = discovery.search_people(graph, current_user.id, data["q"], data["offset"], data["limit"])
    return _page(SearchHitList, hits, data, SearchQuery.KIND)


@bp.get("/api/recommendations/people")
@login_required
@accepts(RecommendationQuery, location="query")
@returns(SuggestionList)
def recommend_people(data):
    """People I may know, best first, with reasons."""
    return SUGGESTIONS_OUT.dump(page(discovery.recommend_people(graph, current_user.id, data["limit"])))


@bp.post("/api/recommendations/people/<user_id>/dismiss")
@login_required
def dismiss_suggestion(user_id):
    """Never suggest this person to me again."""
    discovery.dismiss_suggestion(graph, current_user.id, checked_id(user_id))
    return "", 204


@bp.put("/api/me/skills")
@login_required
@accepts(SkillsSchema)
@returns(SkillsSchema)
def set_skills(data):
    """Replace my skills (they feed search and suggestions)."""
    return {"skills": discovery.set_skills(graph, current_user.id, data["skills"])}
