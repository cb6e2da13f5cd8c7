"""Dates, numbers and money in the reader's language, a page script's texts in it, and mail in the recipient's."""
import json
from contextlib import contextmanager
from datetime import date, datetime, timezone
from decimal import Decimal

from flask import Flask, has_request_context
from flask_babel import force_locale, format_currency, format_date, format_decimal, format_percent, format_time
from markupsafe import Markup

from core.errors import translated
from core.i18n import BABEL_CODES, current_language

Number = int | float | Decimal


def init_app(app: Flask) -> None:
    """The template filters (|day, |moment, |number, |money, |percent, |translated) and the script_texts global."""
    app.add_template_filter(day)
    app.add_template_filter(moment)
    app.add_template_filter(number)
    app.add_template_filter(money)
    app.add_template_filter(percent)
    app.add_template_global(script_texts)
    # A message that was not written in the template (a form error) may hold a person's "%": Jinja's _() would
    # %-format it and fail; this one only looks it up.
    app.add_template_filter(translated)


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def day(value: date | datetime | None) -> str:
    """'Nov 30, 2026' / '2026年11月30日'."""
    if value is None:
        return ""
    return format_date(_utc(value) if isinstance(value, datetime) else value, "medium")


def moment(value: datetime | None) -> str:
    """'Nov 30, 2026 10:54' / '2026年11月30日 10:54', in UTC (the pages say so where it matters)."""
    if value is None:
        return ""
    at = _utc(value)
    return f"{format_date(at, 'medium')} {format_time(at, 'HH:mm')}"


def number(value: Number | None) -> str:
    """'12,345.5' in either language."""
    return "" if value is None else format_decimal(value)


def money(value: Number | None, currency: str = "USD") -> str:
    """'US$1,250.00' / 'US$1,250.00' with the currency's own digits; 'CNY' shows as '¥' in Chinese."""
    return "" if value is None else format_currency(value, currency or "USD")


def percent(value: Number | None) -> str:
    """0.25 → '25%'."""
    return "" if value is None else format_percent(value)


def script_texts(texts: dict[str, str]) -> Markup:
    """A page script's texts, English source → this request's translation, as a JSON block static/texts.js reads.

    In a template: {{ script_texts({"Send": _("Send"), "{name} is typing": _("{name} is typing")}) }}"""
    payload = json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/json" class="script-texts">') + Markup(payload) + Markup("</script>")


def language_of(person) -> str:
    """The language to write to someone in: their setting; else, in a request, the request's (a person registering
    in Chinese gets their code in Chinese); else English."""
    chosen = getattr(person, "locale", None)
    if chosen in BABEL_CODES:
        return chosen
    return current_language() if has_request_context() else "en"


@contextmanager
def speaking(person):
    """Render mail (subject, text and HTML) inside this block to write to `person` in their language."""
    with force_locale(BABEL_CODES[language_of(person)]):
        yield
