"""The post office: an org's events as CloudEvents, a replayable feed, signed webhooks, org API keys."""
from postoffice import api, pages, receivers  # noqa: F401  (routes attach to bp on import)
from postoffice.blueprint import bp

__all__ = ["bp", "init_app"]


def init_app(app) -> None:
    """Turn the features' signals into org events; let org API keys through the CSRF check like API tokens."""
    from postoffice import callers

    from postoffice import routing

    receivers.connect_receivers()
    routing.listen_for_commits()
    person_token = app.extensions.get("bearer_check", lambda _token: False)
    app.extensions["bearer_check"] = lambda token: person_token(token) or callers.is_live_key(token)
