"""What pages show for the Salesforce and sync values (stages, statuses, kinds): the API keeps the values themselves."""
from flask_babel import gettext, lazy_gettext

from core.i18n import N_

STAGE_LABELS = {
    "Prospecting": N_("Prospecting"), "Qualification": N_("Qualification"), "Needs Analysis": N_("Needs Analysis"),
    "Value Proposition": N_("Value Proposition"), "Id. Decision Makers": N_("Id. Decision Makers"),
    "Perception Analysis": N_("Perception Analysis"), "Proposal/Price Quote": N_("Proposal/Price Quote"),
    "Negotiation/Review": N_("Negotiation/Review"), "Closed Won": N_("Closed Won"), "Closed Lost": N_("Closed Lost")}
STATUS_LABELS = {"New": N_("New"), "Working": N_("Working"), "Qualified": N_("Qualified"),
                 "Unqualified": N_("Unqualified"), "Converted": N_("Converted")}
ACTIVITY_LABELS = {"note": N_("Note"), "call": N_("Call"), "task": N_("Task")}
RUN_LABELS = {"ok": N_("ok"), "partial": N_("partial"), "failed": N_("failed"), "throttled": N_("throttled"),
              "running": N_("running")}
STATE_LABELS = {"pending": N_("pending"), "done": N_("done"), "failed": N_("failed"),
                "needs_review": N_("needs review")}
KIND_LABELS = {"builtin": N_("Guanxi leads board"), "webhook": N_("webhook"), "hubspot": N_("HubSpot"),
               "salesforce": N_("Salesforce")}
SOURCE_LABELS = {"Guanxi Network": N_("Guanxi Network"), "Guanxi Request": N_("Guanxi Request"),
                 "network": N_("Network"), "request": N_("Request")}
FIELD_LABELS = {"access_token": N_("access token"), "secret": N_("signing secret"),
                "client_secret": N_("client secret")}
ROLE_LABELS = {"admin": N_("admin"), "member": N_("member")}
LABELS = {"stage": STAGE_LABELS, "status": STATUS_LABELS, "activity": ACTIVITY_LABELS, "run": RUN_LABELS,
          "state": STATE_LABELS, "kind": KIND_LABELS, "source": SOURCE_LABELS, "role": ROLE_LABELS,
          "field": FIELD_LABELS}


def label(family: str, value: str | None) -> str:
    """The reader's word for a value of a family ("stage", "status", …); a value with no label is shown as it is."""
    if value is None:
        return ""
    text = LABELS[family].get(value)
    return gettext(text) if text else value


def lazy(text: str, **values) -> str:
    """An error text with values, translated when the error is shown (in the caller's language)."""
    return lazy_gettext(text, **values)  # a LazyString: shown (str, JSON, a page) as the str it becomes
