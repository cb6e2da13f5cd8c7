"""Chinese and English (Flask-Babel): a gettext catalog per package, the locale from the person's setting, else the
language switcher's cookie, else the browser's Accept-Language.

Catalogs live in <package>/translations/zh_Hans_CN/LC_MESSAGES/messages.po (templates/<package>/ belong to their
package; the shared templates to core). The .mo files are built from the .po files when the app starts and a .po is
newer, so a fresh checkout and an edited catalog need no extra step."""
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, get_locale
from flask_login import current_user
from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable, SQLAlchemyError

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "home", "accounts", "network", "trust", "sourcing", "messaging", "crm_sync", "postoffice")
LANGUAGES = {"en": "English", "zh-CN": "简体中文"}  # the public codes (API, setting, cookie), in their own names
BABEL_CODES = {"en": "en", "zh-CN": "zh_Hans_CN"}  # Babel parses zh_CN as zh_Hans_CN and looks in that folder
COOKIE = "guanxi_lang"
babel = Babel()


def init_app(app: Flask) -> None:
    """Build stale catalogs, then select each request's locale and give templates the language switcher's data."""
    directories = [ROOT / package / "translations" for package in PACKAGES]
    compile_catalogs(directories)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(str(d) for d in directories))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"languages": LANGUAGES, "current_language": current_language()})


def public_code(value: str | None) -> str | None:
    """'zh-CN', 'zh_CN', 'zh', 'ZH-cn' → 'zh-CN'; 'en-GB' → 'en'; anything else None."""
    if not value:
        return None
    base = value.replace("_", "-").split("-")[0].lower()
    return {"zh": "zh-CN", "en": "en"}.get(base)


def select_locale() -> str:
    """The person's setting, then the switcher's cookie, then Accept-Language (any Chinese → zh-CN), then English.
    Outside a request (mail rendered by a background unit): English."""
    if not has_request_context():
        return BABEL_CODES["en"]
    chosen = _setting_of(_signed_in()) or public_code(request.cookies.get(COOKIE))
    if not chosen:
        best = request.accept_languages.best_match(["en", "zh-CN", "zh", "zh-TW", "zh-HK", "zh-Hans", "zh-Hant"])
        chosen = public_code(best)
    return BABEL_CODES[chosen or "en"]


def _signed_in():
    """The request's user as loaded so far, else loaded now; None when the account store cannot answer (the error
    page for "SQL is down" is rendered through here too)."""
    user = g.get("_login_user")
    if user is None:
        try:
            user = current_user._get_current_object()
        except SQLAlchemyError:
            return None
    return user if user is not None and user.is_authenticated else None


def _setting_of(user) -> str | None:
    """The signed-in person's saved choice, read from what is loaded already: an error page rendered after a failed
    flush must not reload the account through a broken session."""
    if user is None:
        return None
    try:
        return inspect(user).dict.get("locale")
    except NoInspectionAvailable:  # not an account row (an API key's principal)
        return getattr(user, "locale", None)


def current_language() -> str:
    """The public code of the locale this request renders in."""
    return public_code(str(get_locale())) or "en"


def compile_catalogs(directories) -> None:
    """Write each .mo next to its .po when missing or older (atomically: several servers may start at once)."""
    for directory in directories:
        for po in Path(directory).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with po.open("rb") as source:
                catalog = read_po(source)
            handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
            with os.fdopen(handle, "wb") as target:
                write_mo(target, catalog, use_fuzzy=False)
            os.replace(temporary, mo)


def N_(text: str) -> str:
    """Mark an English text for the catalogs where it is defined; it is translated where it is shown."""
    return text
