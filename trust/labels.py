"""Values trust's pages show as words (request statuses, how someone knows a vendor, kinds of evidence), marked for
the catalog. The API keeps the English values; templates translate them with `_(value)` where they are shown."""
from core.i18n import N_

REQUEST_STATUSES = (N_("open"), N_("closed"))
RELATIONS = (N_("reviewed it"), N_("recommended it"), N_("endorsed it"), N_("works there"), N_("worked there"))
EVIDENCE_KINDS = (N_("review"), N_("recommendation"), N_("endorsement"))
