"""The email digest: what stayed unread, of the kinds a person wants by mail, through the real mail outbox (the
run's .eml folder); one mail per due period, none when there is nothing, never twice."""
import os
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from core.db import utcnow
from messaging.digest import digest_upkeep, send_digests
from tests.mail_server import code_in, wait_for
from tests.trust.conftest import World

SETTINGS = "/api/me/notification-settings"


@pytest.fixture
def world(api):
    return World(api)


def _mails_to(email):
    folder = Path(os.environ["MAIL_URL"].removeprefix("file://"))
    paths = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [m for m in (message_from_bytes(p.read_bytes(), policy=policy.default) for p in paths) if m["To"] == email
            and "digest" in m["Subject"]]  # sign-up sent a verification code too


def _person(api, name):
    """A person whose name is markup (the mail's HTML must escape it)."""
    user, token = api.user_with_token(name, email=f"sun.{os.urandom(4).hex()}@example.com")
    return {**user, "token": token}


def _verified(api, person):
    """The person proves their address with the code mailed at sign-up: digests go to proven addresses only."""
    folder = Path(os.environ["MAIL_URL"].removeprefix("file://"))

    def code_mail():
        found = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in folder.glob("*.eml")]
        return [m for m in found if m["To"] == person["email"] and "digest" not in m["Subject"]]
    code = code_in(wait_for(code_mail, what="the verification code")[0])
    assert api.call("POST", "/api/me/email/verify", token=person["token"], json={"code": code}).status_code == 200
    return person


def _parts(message):
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def _ask_to_connect(api, who, to):
    assert api.call("POST", "/api/connections/requests", token=who["token"], json={"to_user_id": to["id"]}).status_code == 201


def _choose(api, person, **body):
    assert api.call("PUT", SETTINGS, token=person["token"], json=body).status_code == 200


def _unread(api, person):
    return api.call("GET", "/api/notifications", token=person["token"]).get_json()["items"]


def test_one_digest_of_what_stayed_unread_of_the_kinds_chosen_and_never_twice(world, api, app):
    li, wang, sun = _verified(api, world.person("Li Na")), world.person("Wang Wei"), _person(api, "Sun <b>Yu</b> & co")
    admin = world.person("Admin Zhang")
    _choose(api, li, digest="daily", kinds={"invitation": {"email": False}})
    _ask_to_connect(api, wang, li)
    _ask_to_connect(api, sun, li)
    org = api.call("POST", "/api/orgs", token=admin["token"], json={"name": "Valve Buyers"}).get_json()
    api.call("POST", f"/api/orgs/{org['id']}/members", token=admin["token"], json={"user_id": li["id"], "role": "member"})
    [read] = [n for n in _unread(api, li) if n["actor"] and n["actor"]["id"] == wang["id"]]
    assert api.call("POST", f"/api/notifications/{read['id']}/read", token=li["token"]).status_code == 200

    assert send_digests(app) == 1
    [mail] = wait_for(lambda: _mails_to(li["email"]), what="Li's digest")
    text, html = _parts(mail)
    assert mail["Subject"] == "Your Guanxi daily digest: 1 unread notification"
    assert "Sun <b>Yu</b> & co asked to connect with you" in text and "Wang Wei" not in text
    assert "invited you" not in text  # the kind Li keeps out of mail
    assert "Sun &lt;b&gt;Yu&lt;/b&gt; &amp; co asked to connect" in html and "<b>Yu</b>" not in html
    assert "/notifications/" in text and 'href="http://' in html and "/notifications#settings" in html

    assert send_digests(app) == 0  # the same day again, or a retry: nothing more
    assert send_digests(app, utcnow() + timedelta(hours=23)) == 0
    assert send_digests(app, utcnow() + timedelta(days=1, minutes=1)) == 0  # due, but nothing new stayed unread
    assert len(_mails_to(li["email"])) == 1


def test_the_next_period_carries_only_what_came_after_the_last_digest(world, api, app):
    li, wang, sun = _verified(api, world.person("Li Na")), world.person("Wang Wei"), world.person("Sun Yu")
    _choose(api, li, digest="weekly")
    _ask_to_connect(api, wang, li)
    assert send_digests(app) == 1
    wait_for(lambda: _mails_to(li["email"]), what="the first digest")
    _ask_to_connect(api, sun, li)
    assert send_digests(app, utcnow() + timedelta(days=6)) == 0  # a week has not passed
    assert send_digests(app, utcnow() + timedelta(days=7, minutes=1)) == 1
    second = wait_for(lambda: _mails_to(li["email"])[1:], what="the second digest")[0]
    text, _ = _parts(second)
    assert "weekly digest" in second["Subject"] and "Sun Yu" in text and "Wang Wei" not in text


def test_no_digest_when_it_is_off_or_nothing_is_unread(world, api, app):
    li, wang, quiet = world.person("Li Na"), world.person("Wang Wei"), _verified(api, world.person("Quiet Qian"))
    unproven = world.person("Unproven Tao")
    _ask_to_connect(api, wang, li)  # Li never chose a digest
    _choose(api, quiet, digest="daily")
    _choose(api, unproven, digest="daily")
    _ask_to_connect(api, wang, unproven)  # something unread, but the address was never verified
    assert send_digests(app) == 0
    assert _mails_to(li["email"]) == [] and _mails_to(quiet["email"]) == [] and _mails_to(unproven["email"]) == []


def test_the_cli_command_and_the_hourly_upkeep_step(world, api, app):
    li, wang, sun = world.person("Li Na"), world.person("Wang Wei"), world.person("Sun Yu")
    for person in (_verified(api, li), _verified(api, sun)):
        _choose(api, person, digest="daily")
        _ask_to_connect(api, wang, person)
    result = app.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0 and "queued 2 digest mail(s)" in result.output
    assert app.test_cli_runner().invoke(args=["notifications", "digest"]).output.strip() == "queued 0 digest mail(s)"
    app.extensions.pop("guanxi.digest", None)
    digest_upkeep(app)
    ran_at = app.extensions["guanxi.digest"]["ran_at"]
    digest_upkeep(app)  # within the hour: does not run again
    assert app.extensions["guanxi.digest"]["ran_at"] == ran_at
    assert len(wait_for(lambda: _mails_to(sun["email"]), what="Sun's digest")) == 1
