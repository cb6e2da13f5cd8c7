"""Chinese and English (issue 17): the locale from the person's setting, the switcher's cookie or Accept-Language;
pages and API errors in it; a translated page holds no English text left over."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import render_template_string

from core.i18n import public_code
from tests.zh import ZH, english_left, sign_in_speaking_chinese

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED_PAGES = ("/login", "/register")


def test_the_english_finder_finds_english():
    assert english_left("<p>登录 <b>Log in</b></p><script>var x = 'ignored';</script>") == {"Log", "in"}


@pytest.mark.parametrize("path", TRANSLATED_PAGES)
def test_translated_pages_hold_no_english_in_chinese(client, path):
    response = client.get(path, headers=ZH)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert english_left(html) == set()


def test_english_is_the_default_and_any_chinese_browser_gets_chinese(client):
    assert ">Log in</h1>" in client.get("/login").get_data(as_text=True)
    assert ">登录</h1>" in client.get("/login", headers={"Accept-Language": "zh-TW"}).get_data(as_text=True)
    assert ">Log in</h1>" in client.get("/login", headers={"Accept-Language": "fr, en;q=0.5"}).get_data(as_text=True)


def test_api_errors_speak_the_callers_language(api):
    wrong = api.call("POST", "/api/auth/token", json={"email": "nobody@example.com", "password": "x" * 12},
                     headers=ZH)
    assert wrong.status_code == 401 and wrong.get_json()["message"] == "邮箱或密码不正确。"
    invalid = api.call("POST", "/api/auth/register", json={"email": "not-an-email", "name": "x" * 101}, headers=ZH)
    body = invalid.get_json()
    assert invalid.status_code == 400 and body["message"] == "部分字段无效。"
    assert body["fields"]["password"] == ["此项为必填项。"] and body["fields"]["name"] == ["长度必须在 1 到 100 之间。"]
    english = api.call("POST", "/api/auth/token", json={"email": "nobody@example.com", "password": "x" * 12})
    assert english.get_json()["message"] == "Invalid email or password."


def test_the_persons_setting_wins_over_the_browser(api):
    user, token = api.user_with_token("Zhang Wei")
    assert api.call("GET", "/api/me", token=token).get_json()["locale"] is None
    refused = api.call("PATCH", "/api/me", token=token, json={"locale": "fr"})
    assert refused.status_code == 400 and "locale" in refused.get_json()["fields"]
    assert api.call("PATCH", "/api/me", token=token, json={"locale": "zh-CN"}).get_json()["locale"] == "zh-CN"
    orgless = api.call("GET", "/api/orgs/no-such-org", token=token, headers={"Accept-Language": "en"})
    assert orgless.status_code == 404
    invalid = api.call("PATCH", "/api/me", token=token, json={"name": ""}, headers={"Accept-Language": "en"})
    assert invalid.get_json()["message"] == "部分字段无效。"  # the setting, not the browser
    assert api.call("PATCH", "/api/me", token=token, json={"locale": None}).get_json()["locale"] is None


def test_the_switcher_sets_a_cookie_and_a_signed_in_persons_setting(client, api):
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    switched = client.post("/language", data={"locale": "zh-CN", "next": "/login", "csrf_token": csrf})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/login")
    assert ">登录</h1>" in client.get("/login").get_data(as_text=True)
    away = client.post("/language", data={"locale": "en", "next": "https://evil.example/", "csrf_token": csrf})
    assert "evil.example" not in away.headers["Location"]
    assert ">Log in</h1>" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("given, public", [("zh_CN", "zh-CN"), ("ZH-tw", "zh-CN"), ("en-GB", "en"), ("fr", None),
                                           ("", None)])
def test_public_codes(given, public):
    assert public_code(given) == public


def test_mail_rendered_outside_a_request_is_english(app):
    with app.app_context():
        assert render_template_string('{{ _("Log in") }} <html lang="{{ current_language }}">') == 'Log in <html lang="en">'


def test_a_signed_in_persons_header_and_navigation_speak_their_language(client, api):
    sign_in_speaking_chinese(client, api)
    page = client.get("/home", headers={"Accept-Language": "en"}).get_data(as_text=True)
    header = page[page.index("<header"):page.index("</header>")]
    assert "首页" in header and "供应商" in header and "通知" in header
    assert english_left(header) == set()


def test_every_catalog_is_complete_and_they_agree_with_each_other():
    """zh-CN complete: every text the code and templates use is in its package's catalog (extracted afresh), every
    one translated, and one text translated one way only (the catalogs are merged at run time, so a second
    translation would silently replace the first everywhere)."""
    result = subprocess.run([sys.executable, "scripts/translations.py", "check"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout
