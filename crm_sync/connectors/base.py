"""The one small interface every CRM target implements, and the errors a whole run can end with."""
from dataclasses import dataclass
from typing import Protocol

RESULTS = ("created", "updated", "unchanged", "failed", "needs_review")


@dataclass
class Outcome:
    """What happened to one lead at a target; retry=False for records a person must look at."""

    person_id: str  # the lead's external key (mapping.external_key)
    result: str
    external_id: str | None = None
    message: str | None = None
    retry: bool = True


class TargetUnavailable(Exception):
    """The target cannot take anything right now (down, timing out, answering garbage, bad credentials)."""


class Throttled(TargetUnavailable):
    """The target rate-limited us; wait retry_after seconds before the next call."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class Connector(Protocol):
    kind: str
    batch_size: int

    def push(self, leads: list[dict]) -> list[Outcome]:
        """Upsert these leads (Salesforce field names, keyed by Guanxi_Person_Id__c, which holds the lead's
        external key: the person id, `<person id>:request` for an intent lead); one outcome each."""
