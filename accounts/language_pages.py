"""The language switcher: a form in every page's footer; it sets a cookie, and a signed-in person's setting."""
from flask import redirect, request, url_for
from flask_login import current_user

from accounts.blueprint import bp
from core.db import get_session
from core.i18n import COOKIE, LANGUAGES
from core.security import same_site_path

A_YEAR = 365 * 24 * 3600


@bp.post("/language")
def choose_language():
    """Switch the site's language; an unknown choice changes nothing."""
    chosen = request.form.get("locale", "")
    response = redirect(same_site_path(request.form.get("next"), url_for("index")))
    if chosen in LANGUAGES:
        response.set_cookie(COOKIE, chosen, max_age=A_YEAR, samesite="Lax", secure=request.is_secure, httponly=True)
        if current_user.is_authenticated:
            current_user.locale = chosen  # the request boundary commits
            get_session().flush()
    return response
