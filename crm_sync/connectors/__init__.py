"""CRM targets behind one interface (base.Connector): the board, HubSpot, Salesforce, a webhook."""
from flask import current_app

from crm_sync import credentials
from crm_sync.connectors.egress import private_targets_allowed


def build_connector(target, timeout: float = 10.0):
    """The connector for an external target, with its decrypted credentials; it calls public addresses only
    unless the app allows private ones (read here, so no caller can forget it)."""
    from crm_sync.connectors.hubspot import HubSpotConnector
    from crm_sync.connectors.salesforce import SalesforceConnector
    from crm_sync.connectors.webhook import WebhookConnector

    kinds = {"hubspot": HubSpotConnector, "salesforce": SalesforceConnector, "webhook": WebhookConnector}
    config = {**(target.settings or {}), **credentials.unseal(target.secret)}
    return kinds[target.kind](config, timeout=timeout, allow_private=private_targets_allowed(current_app.config))
