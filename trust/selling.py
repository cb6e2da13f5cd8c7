"""Open requests that a team's sellers may see, read for CRM sync (intent leads)."""
from core.graph import GraphStore
from trust import request_repository


def open_requests_for_sellers(graph: GraphStore, member_ids, asker_ids=None) -> list[dict]:
    """[{request_id, asker_id, category, details, created_at, sellers}], newest first: the open requests whose asker
    let vendors contact them (asker_ids: only theirs) in a category that some of the members sell; sellers are those
    members. Members' own requests are included: the caller knows which team each member is on."""
    members = sorted(set(member_ids))
    if not members or (asker_ids is not None and not asker_ids):
        return []
    askers = None if asker_ids is None else sorted(set(asker_ids))
    return request_repository.open_requests_with_sellers(graph, members, askers)
