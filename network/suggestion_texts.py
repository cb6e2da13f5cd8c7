"""A suggestion's reasons in the reader's language (the API keeps discovery's English `reasons`)."""
from flask_babel import gettext as _, ngettext


def reason(explained: dict) -> str:
    """One of discovery.score_candidate's `explained` reasons, translated."""
    if explained["kind"] == "mutual":
        return ngettext("%(num)d mutual connection", "%(num)d mutual connections", explained["count"])
    if explained["kind"] == "company":
        return _("worked at %(company)s", company=explained["name"])
    if explained["kind"] == "industry":
        return _("both in %(industry)s", industry=explained["name"])
    return _("shared skills: %(skills)s", skills=_(", ").join(explained["names"]))
