"""Notifications in the reader's language: a stored notification keeps the English `text` API clients get, and pages
and mail show it translated by matching it against the English lines the senders write (old rows included)."""
import re

from flask_babel import gettext

from core.i18n import N_

# The kinds and digest choices as the settings table names them (the API keeps the codes).
KIND_LABELS = {"connection_request": N_("Connection requests"), "connection_accepted": N_("Accepted connections"),
               "invitation": N_("Invitations"), "recommendation_request": N_("Recommendation requests"),
               "recommendation_answer": N_("Recommendations"), "mention": N_("Mentions"),
               "introduction": N_("Introductions"), "rfq": N_("RFQs"), "quote": N_("Quotes"),
               "approval_needed": N_("Approvals needed"), "decision": N_("Decisions")}
DIGEST_LABELS = {"off": N_("Off"), "daily": N_("Daily"), "weekly": N_("Weekly")}

# (kind, the English line as senders write it, its text in the catalogs), most specific first per kind.
LINES = (
    ("connection_request", r"(?P<name>.+) asked to connect with you", N_("%(name)s asked to connect with you")),
    ("connection_accepted", r"(?P<name>.+) accepted your connection request",
     N_("%(name)s accepted your connection request")),
    ("invitation", r"(?P<inviter>.+) invited you to join (?P<org>.+)", N_("%(inviter)s invited you to join %(org)s")),
    ("recommendation_request", r"(?P<name>.+) asked your network for a recommendation in (?P<category>.*)",
     N_("%(name)s asked your network for a recommendation in %(category)s")),
    ("recommendation_answer", r"(?P<name>.+) recommended (?P<company>.+) for (?P<category>.*)",
     N_("%(name)s recommended %(company)s for %(category)s")),
    ("mention", r"(?P<name>.+) mentioned you in a conversation", N_("%(name)s mentioned you in a conversation")),
    ("introduction", r"(?P<asker>.+) asks you to introduce them to (?P<to>.+)",
     N_("%(asker)s asks you to introduce them to %(to)s")),
    ("introduction", r"(?P<via>.+) introduced (?P<asker>.*) and (?P<to>.*)", N_("%(via)s introduced %(asker)s and %(to)s")),
    ("rfq", r"(?P<org>.+) asks (?P<company>.+) for a quote: (?P<project>.+)",
     N_("%(org)s asks %(company)s for a quote: %(project)s")),
    ("quote", r"(?P<company>.+) sent a quote for (?P<project>.+)", N_("%(company)s sent a quote for %(project)s")),
    ("quote", r"(?P<company>.+) changed a quote for (?P<project>.+)", N_("%(company)s changed a quote for %(project)s")),
    ("approval_needed", r"(?P<project>.+): (?P<company>.+) is proposed and needs your approval",
     N_("%(project)s: %(company)s is proposed and needs your approval")),
    ("decision", r"(?P<project>.+): your proposal of (?P<company>.+) was rejected: (?P<reason>.*)",
     N_("%(project)s: your proposal of %(company)s was rejected: %(reason)s")),
    ("decision", r"(?P<company>.+) was chosen as supplier: a deal is open",
     N_("%(company)s was chosen as supplier: a deal is open")),
    ("decision", r"(?P<project>.+): (?P<company>.+) is chosen", N_("%(project)s: %(company)s is chosen")),
)
_COMPILED = [(kind, re.compile(pattern, re.DOTALL), text) for kind, pattern, text in LINES]
PLACEHOLDERS = {"Someone": N_("Someone"), "someone you know": N_("someone you know")}


def shown_text(kind: str, text: str) -> str:
    """The notification's line in the current language (a line no pattern knows stays as it was stored)."""
    for line_kind, pattern, template in _COMPILED:
        if line_kind == kind and (found := pattern.fullmatch(text)):
            values = {key: gettext(PLACEHOLDERS[value]) if value in PLACEHOLDERS else value
                      for key, value in found.groupdict().items()}
            return gettext(template, **values)
    return text


def kind_label(kind: str) -> str:
    """A kind's name for people (an unknown kind: its code, readable)."""
    return gettext(KIND_LABELS[kind]) if kind in KIND_LABELS else kind.replace("_", " ")
