"""CRM targets behind one interface (base.Connector): the board, HubSpot, Salesforce, a webhook."""
from crm_sync import credentials


def build_connector(target, timeout: float = 10.0):
    """The connector for an external target, with its decrypted credentials."""
    from crm_sync.connectors.hubspot import HubSpotConnector
    from crm_sync.connectors.salesforce import SalesforceConnector
    from crm_sync.connectors.webhook import WebhookConnector

    kinds = {"hubspot": HubSpotConnector, "salesforce": SalesforceConnector, "webhook": WebhookConnector}
    config = {**(target.settings or {}), **credentials.unseal(target.secret)}
    return kinds[target.kind](config, timeout=timeout)
