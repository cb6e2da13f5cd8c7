"""Marshmallow's own error texts, named here so the catalogs translate them; the ones with numbers in them are
matched by pattern (core.errors.translated) and rebuilt around their numbers."""
import re

from core.i18n import N_

FIXED = (
    N_("Missing data for required field."), N_("Field may not be null."), N_("Invalid value."),
    N_("Not a valid string."), N_("Not a valid integer."), N_("Not a valid boolean."), N_("Not a valid email address."),
    N_("Not a valid URL."), N_("Not a valid date."), N_("Not a valid datetime."), N_("Not a valid list."),
    N_("Invalid type."), N_("Not a valid number."), N_("Number too large."), N_("Not a valid mapping type."),
    N_("Invalid input type."), N_("Unknown field."),
)
PATTERNS = (
    (re.compile(r"Length must be between (?P<min>\d+) and (?P<max>\d+)\."), N_("Length must be between %(min)s and %(max)s.")),
    (re.compile(r"Longer than maximum length (?P<max>\d+)\."), N_("Longer than maximum length %(max)s.")),
    (re.compile(r"Shorter than minimum length (?P<min>\d+)\."), N_("Shorter than minimum length %(min)s.")),
    (re.compile(r"Must be greater than or equal to (?P<min>-?\d+) and less than or equal to (?P<max>-?\d+)\."),
     N_("Must be between %(min)s and %(max)s.")),
)
