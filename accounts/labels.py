"""What accounts' pages show in the reader's language beyond the catalog: roles (the API keeps "admin"/"member"),
the default token label, and form errors (marshmallow's own texts included)."""
from flask_babel import gettext

from accounts.blueprint import bp
from core.errors import form_errors, translated
from core.i18n import N_

ROLE_LABELS = {"admin": N_("admin"), "member": N_("member")}


@bp.app_template_filter("role_label")
def role_label(role: str) -> str:
    """An organization role in the reader's language (an unknown value as it is)."""
    return gettext(ROLE_LABELS[role]) if role in ROLE_LABELS else role


DEFAULT_TOKEN_LABEL = "API token"  # stored when a token is made without a label
_TOKEN_LABEL = N_("API token")


@bp.app_template_filter("token_label")
def token_label(label: str) -> str:
    """A token's label; the default one (stored in English) in the reader's language."""
    return gettext(_TOKEN_LABEL) if label == DEFAULT_TOKEN_LABEL else label


def page_errors(exc) -> dict:
    """A form's errors by field in the reader's language (marshmallow's own texts included, as the API does)."""
    return translated(form_errors(exc))
