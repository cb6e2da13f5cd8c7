"""Salesforce changes in: a SOQL query of the Leads modified since the last poll, page by page (nextRecordsUrl)."""
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

from crm_sync.connectors.base import TargetUnavailable
from crm_sync.connectors.transport import Transport, brief
from crm_sync.inbound import Change
from crm_sync.mapping import EXTERNAL_ID, STATUSES

QUERY = ("SELECT Id, Status, OwnerId, LastModifiedDate, LastModifiedById, Guanxi_Person_Id__c FROM Lead "
         "WHERE LastModifiedDate > {since} ORDER BY LastModifiedDate")
MAX_PAGES = 50  # 2,000 records a page: a long outage catches up over several polls (the mark moves per page)


def soql(since: datetime) -> str:
    """The query for Leads modified after `since` (a SOQL dateTime literal: unquoted, UTC, second precision)."""
    return QUERY.format(since=since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def modified_at(value: str) -> datetime:
    """Salesforce's "2026-11-30T07:00:00.000+0000"."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")


class SalesforcePoller:
    kind = "salesforce"

    def __init__(self, config: dict, timeout: float = 10.0, allow_private: bool = False):
        self.base = config["instance_url"].rstrip("/")
        self.path = f"/services/data/{config['api_version']}/query"
        self.integration_user = config.get("integration_user_id") or None
        self.transport = Transport("Salesforce", {"Authorization": f"Bearer {config['access_token']}"}, timeout, allow_private)

    def pages(self, since: datetime):
        """Yield (changes, newest LastModifiedDate) per page of the query; raises TargetUnavailable on trouble."""
        url = f"{self.base}{self.path}?q={quote(soql(since), safe='')}"
        for _ in range(MAX_PAGES):
            body = self._get(url)
            records = [r for r in body.get("records") or [] if isinstance(r, dict)]
            changes = [self._change(r) for r in records]  # a Lead made by hand (no Guanxi id) still moves the mark
            yield [c for c in changes if c.key], max((c.at for c in changes), default=None)
            following = body.get("nextRecordsUrl")
            if body.get("done", True) or not following:
                return
            url = self.base + urlsplit(following).path  # a path on the same instance, never another host

    def _get(self, url: str) -> dict:
        response = self.transport.send("GET", url, b"")
        if response.status_code == 401:
            raise TargetUnavailable("Salesforce refused the session (HTTP 401): update the credentials.")
        if response.status_code != 200:
            raise TargetUnavailable(f"Salesforce answered the query with HTTP {response.status_code}: {brief(response)}")
        body = self.transport.parsed(response)
        if not isinstance(body, dict) or not isinstance(body.get("records", []), list):
            raise TargetUnavailable("Salesforce answered the query without a records list.")
        return body

    def _change(self, record: dict) -> Change:
        try:
            at = modified_at(record["LastModifiedDate"])
        except (KeyError, TypeError, ValueError) as exc:
            raise TargetUnavailable("Salesforce answered a Lead without a readable LastModifiedDate.") from exc
        status = record.get("Status") if record.get("Status") in STATUSES else None
        key = str(record[EXTERNAL_ID]) if record.get(EXTERNAL_ID) else None
        return Change(at=at, key=key, status=status, owner=record.get("OwnerId") or None,
                      echo=bool(self.integration_user) and record.get("LastModifiedById") == self.integration_user)
