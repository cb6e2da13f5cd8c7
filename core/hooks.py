"""Extension points: a feature registers a function at init_app, another feature's web layer runs them.

Lets a package add to what another shows without either importing the other (the seller's view of requests
shows "already a lead of your team" from crm_sync, which network may not import)."""
from collections.abc import Callable

from flask import Flask, current_app

SELLER_VIEW = "seller_view"  # fn(viewer_id, items): may add keys to the requests a seller sees
# fn(graph, rows [{id, domain}]) -> {person id: company id}: re-apply verified employers from verified work-email
# domains (accounts' graph upkeep; trust knows companies); the answer names the people whose employer it set.
VERIFIED_EMPLOYER = "verified_employer"
ME_VIEW = "me_view"  # fn(user_id) -> dict: keys added to GET /api/me (messaging: unread_notifications)
UPKEEP = "upkeep"  # fn(app): a step of the server's periodic upkeep, run inside the app context (messaging: digests)
PERSON_VIEW = "person_view"  # fn(viewer_id, person): may add keys to GET /api/people/<id> (trust: expert_in)


def register(app: Flask, point: str, fn: Callable) -> None:
    """Add fn to the extension point (called by a feature's init_app)."""
    app.extensions.setdefault("guanxi.hooks", {}).setdefault(point, []).append(fn)


def run(point: str, *args) -> None:
    """Call every function registered at the point, in registration order."""
    for fn in current_app.extensions.get("guanxi.hooks", {}).get(point, []):
        fn(*args)


def steps(app: Flask, point: str) -> list[Callable]:
    """The functions registered at the point on this app, for a caller that runs (and guards) each itself."""
    return list(app.extensions.get("guanxi.hooks", {}).get(point, []))


def collect(point: str, *args) -> list:
    """Call every function registered at the point, in registration order, and return their answers."""
    return [fn(*args) for fn in current_app.extensions.get("guanxi.hooks", {}).get(point, [])]
