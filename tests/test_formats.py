"""Dates, numbers and money in the reader's language; script texts; mail in the recipient's language."""
from datetime import date, datetime, timezone
from types import SimpleNamespace

from flask import render_template_string

from core.formats import language_of, speaking


def render(app, source: str, language: str, **context) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        return render_template_string(source, **context)


def test_dates_and_times_read_naturally_in_each_language(app):
    at = datetime(2026, 11, 30, 10, 54, tzinfo=timezone.utc)
    assert render(app, "{{ at|day }} · {{ at|moment }}", "en", at=at) == "Nov 30, 2026 · Nov 30, 2026 10:54"
    assert render(app, "{{ at|day }} · {{ at|moment }}", "zh-CN", at=at) == "2026年11月30日 · 2026年11月30日 10:54"
    naive = datetime(2026, 11, 30, 23, 5)  # SQLite's: UTC without saying so
    assert render(app, "{{ at|moment }}", "zh-CN", at=naive) == "2026年11月30日 23:05"
    assert render(app, "{{ d|day }}", "zh-CN", d=date(2027, 1, 2)) == "2027年1月2日"
    assert render(app, "{{ nothing|day }}{{ nothing|moment }}", "en", nothing=None) == ""


def test_numbers_money_and_shares(app):
    assert render(app, "{{ 1234567.5|number }} {{ 0.25|percent }}", "zh-CN") == "1,234,567.5 25%"
    assert render(app, "{{ 1250|money('USD') }}", "en") == "$1,250.00"
    assert render(app, "{{ 1250|money('CNY') }}", "zh-CN") == "¥1,250.00"
    assert render(app, "{{ 1250|money('CNY') }}", "en") == "CN¥1,250.00"


def test_script_texts_are_translated_and_cannot_close_the_script(app):
    zh = render(app, '{{ script_texts({"Log in": _("Log in"), "x": "</script><b>"}) }}', "zh-CN")
    assert zh.startswith('<script type="application/json" class="script-texts">')
    assert '"Log in": "登录"' in zh and "</script><b>" not in zh and zh.count("</script>") == 1


def test_mail_speaks_the_recipients_language(app):
    chinese, unset = SimpleNamespace(locale="zh-CN"), SimpleNamespace(locale=None)
    with app.app_context():
        assert language_of(unset) == "en"
        with speaking(chinese):
            assert render_template_string('{{ _("Log in") }}') == "登录"
        assert render_template_string('{{ _("Log in") }}') == "Log in"
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert language_of(unset) == "zh-CN"  # registering in Chinese: the code comes in Chinese
        with speaking(SimpleNamespace(locale="en")):
            assert render_template_string('{{ _("Log in") }}') == "Log in"


def test_a_form_error_holding_a_percent_sign_is_shown_not_formatted(app):
    source = '{% from "_macros.html" import form_errors %}{{ form_errors(errors) }}'
    shown = render(app, source, "zh-CN", errors={"_form": ["50% off is not a price"]})
    assert "50% off is not a price" in shown
    assert "部分字段无效。" in render(app, source, "zh-CN", errors={"_form": ["Some fields are invalid."]})
