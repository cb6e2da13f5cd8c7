"""Home: what waits for a person, gathered from the other features' services (nothing imports home)."""
from core.i18n import N_
from home import api, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from home.blueprint import bp

__all__ = ["NAV", "bp"]

NAV = [("home.home_page", N_("Home"))]
