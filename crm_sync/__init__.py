"""CRM sync: consented network contacts become leads in the organization's CRM."""
from core.i18n import N_
from core import hooks
from crm_sync import api, cli, inbound_api, inbound_pages, outbox, pages, pipeline_api, pipeline_pages  # noqa: F401  (routes and commands attach to bp on import)
from crm_sync.blueprint import bp

__all__ = ["NAV", "bp", "init_app"]

NAV = [("crm_sync.crm_home", N_("CRM"))]


def init_app(app) -> None:
    """Subscribe the outbox to the events that change leads; show sellers which askers are already leads."""
    outbox.connect_receivers()
    hooks.register(app, hooks.SELLER_VIEW, pages.mark_team_leads)
