"""The sync runs' stored diagnostics (English, as the worker wrote them for the status page) in the reader's words,
matched by pattern like core/schema_messages; what a CRM itself answered (its own error text) stays as it came."""
import re

from flask_babel import gettext

from core.i18n import N_

SERVICE = r"(?P<service>HubSpot|Salesforce|The webhook)"
SERVICES = {"The webhook": N_("The webhook")}
KEPT = re.compile(r"(?P<head>.*?) ?(?P<count>\d+) lead\(s\) kept and retried automatically\.")
KEPT_TEXT = N_("%(count)s lead(s) kept and retried automatically.")
# Texts that wrap another diagnostic (its "inner" part is matched again).
WRAPPERS = (
    (re.compile(r"Opportunities: (?P<inner>.*)", re.S), N_("Opportunities: %(inner)s")),
    (re.compile(r"Inbound poll: (?P<inner>.*)", re.S), N_("Inbound poll: %(inner)s")),
)
PATTERNS = tuple((re.compile(pattern, re.S), template) for pattern, template in (
    (SERVICE + r" answered HTTP (?P<status>\d+): (?P<detail>.*)", N_("%(service)s answered HTTP %(status)s: %(detail)s")),
    (SERVICE + r" answered HTTP (?P<status>\d+) with a body that is not JSON\.",
     N_("%(service)s answered HTTP %(status)s with a body that is not JSON.")),
    (SERVICE + r" did not answer within (?P<seconds>[\d.]+) s\.", N_("%(service)s did not answer within %(seconds)s s.")),
    (SERVICE + r" could not be reached \((?P<detail>\w+)\)\.", N_("%(service)s could not be reached (%(detail)s).")),
    (SERVICE + r" was not called: its URL must start with https://\.",
     N_("%(service)s was not called: its URL must start with https://.")),
    (SERVICE + r" answered with a redirect \(HTTP (?P<status>\d+)\), which is not followed: configure the final "
               r"https:// URL\.",
     N_("%(service)s answered with a redirect (HTTP %(status)s), which is not followed: configure the final https:// URL.")),
    (SERVICE + r" was not called: (?P<detail>.*)", N_("%(service)s was not called: %(detail)s")),
    (r"HubSpot refused the access token \(HTTP (?P<status>\d+)\): (?P<detail>.*)",
     N_("HubSpot refused the access token (HTTP %(status)s): %(detail)s")),
    (r"HubSpot refused the deal associations \(HTTP (?P<status>\d+)\): (?P<detail>.*)",
     N_("HubSpot refused the deal associations (HTTP %(status)s): %(detail)s")),
    (r"HubSpot rate limit reached \((?P<detail>.*)\); paused\.", N_("HubSpot rate limit reached (%(detail)s); paused.")),
    (r"HubSpot rejected it: (?P<detail>.*)", N_("HubSpot rejected it: %(detail)s")),
    (r"Salesforce refused the access token \((?P<detail>.*)\); update the target's credentials\.",
     N_("Salesforce refused the access token (%(detail)s); update the target's credentials.")),
    (r"Salesforce answered the query with HTTP (?P<status>\d+): (?P<detail>.*)",
     N_("Salesforce answered the query with HTTP %(status)s: %(detail)s")),
    (r"Several Salesforce (?P<what>Leads|Opportunities) share this id: (?P<detail>.*)",
     N_("Several Salesforce records share this id: %(detail)s")),
    (r"Matches more than one Salesforce (?P<what>Lead|Opportunity) \(HTTP 300\): (?P<detail>.*)",
     N_("Matches more than one Salesforce record (HTTP 300): %(detail)s")),
    (r"HubSpot already has a contact with this email: (?P<detail>.*)\. Merge it or set its (?P<property>\w+)\.",
     N_("HubSpot already has a contact with this email: %(detail)s. Merge it or set its %(property)s.")),
))
INBOUND = re.compile(r"Inbound: (?P<applied>\d+) change\(s\) applied, (?P<skipped>\d+) skipped \(older, unchanged or "
                     r"repeated\)\.(?P<notes>.*)", re.S)
INBOUND_TEXT = N_("Inbound: %(applied)s change(s) applied, %(skipped)s skipped (older, unchanged or repeated).")
UNMAPPED = re.compile(r"(?P<origin>HubSpot|Salesforce|the webhook's system) owner (?P<owner>.+?) is not mapped to a member; "
                      r"OwnerId kept\.")
UNMAPPED_TEXT = N_("%(origin)s owner %(owner)s is not mapped to a member; OwnerId kept.")
FIXED = (
    N_("Opportunities"), N_("No result."), N_("No result for this lead."), N_("HubSpot returned no result."),
    N_("HubSpot rate limit reached; paused."), N_("HubSpot answered without a results list."),
    N_("HubSpot's rate-limit window is used up; paused until it resets."),
    N_("Salesforce API request limit exceeded (REQUEST_LIMIT_EXCEEDED); paused."),
    N_("Salesforce answered something that is not a list of upsert results."),
    N_("Salesforce refused the session (HTTP 401): update the credentials."),
    N_("Salesforce answered the query without a records list."),
    N_("The webhook asked us to slow down (HTTP 429)."),
    N_("The lead's contact is not in HubSpot yet; the association is retried automatically."),
)


def run_text(message: str | None) -> str:
    """A stored run or delivery message in the request's language (English when no pattern knows it)."""
    if not message:
        return ""
    if kept := KEPT.fullmatch(message):
        head = run_text(kept["head"]) if kept["head"] else ""
        return " ".join(filter(None, (head, gettext(KEPT_TEXT, count=kept["count"]))))
    if inbound := INBOUND.fullmatch(message):
        notes = UNMAPPED.sub(lambda note: gettext(UNMAPPED_TEXT, origin=gettext(note["origin"]), owner=note["owner"]),
                             inbound["notes"])
        return gettext(INBOUND_TEXT, applied=inbound["applied"], skipped=inbound["skipped"]) + notes
    for pattern, template in WRAPPERS:
        if found := pattern.fullmatch(message):
            return gettext(template, inner=run_text(found["inner"]))
    for pattern, template in PATTERNS:
        if found := pattern.fullmatch(message):
            values = found.groupdict()
            if "service" in values:
                values["service"] = gettext(SERVICES.get(values["service"], values["service"]))
            return gettext(template, **values)
    return gettext(message)
