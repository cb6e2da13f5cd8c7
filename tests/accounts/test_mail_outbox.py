"""Mail leaves after the commit, survives a down SMTP server, is retried by the upkeep, and is never sent twice."""
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from core import mail_outbox
from core.config import INSTANCE, from_environment
from core.db import utcnow
from core.mail import MailError, compose, transport_for
from core.extensions import graph as graph_store
from tests.accounts.conftest import outbox
from tests.conftest import Api, free_port, make_app
from tests.mail_server import Blackhole, SmtpSink, code_in, eml_files, wait_for


def test_by_default_mail_is_written_as_eml_files_under_instance_mail(monkeypatch, db_url, graph_db, tmp_path):
    monkeypatch.delenv("MAIL_URL")
    assert from_environment()["MAIL_URL"] == f"file://{INSTANCE / 'mail'}"
    app = make_app(db_url, MAIL_URL=f"file://{tmp_path / 'mail'}")
    api = Api(app.test_client())
    user, token = api.user_with_token("Zhou Jun")
    mails = wait_for(lambda: eml_files(tmp_path / "mail"), what="an .eml file")
    assert [m["To"] for m in mails] == [user["email"]]
    assert api.call("POST", "/api/me/email/verify", token=token, json={"code": code_in(mails[0])}).status_code == 200
    wait_for(lambda: outbox(app)[0].sent_at, what="the mail marked sent")
    graph_store.close()


def test_a_down_smtp_server_fails_no_request_and_the_mail_goes_out_once_it_is_up(db_url, graph_db):
    port = free_port()  # nothing listens here yet
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_DELAY=0)
    api = Api(app.test_client())
    user, token = api.user_with_token("Huang Na")
    assert api.call("POST", "/api/auth/password-reset", json={"email": user["email"]}).status_code == 202
    failed = wait_for(lambda: len(rows := outbox(app)) == 2 and all(m.attempts and m.last_error for m in rows)
                      and rows, what="both mails to fail once")
    assert not any(m.sent_at or m.failed_at for m in failed)
    assert "Connection" in failed[0].last_error or "refused" in failed[0].last_error
    sink = SmtpSink(port).start()
    try:
        assert mail_outbox.retry_due(app) == 2
        assert mail_outbox.retry_due(app) == 0  # once marked sent, never again
        assert all(mail_outbox.deliver(app, m.id) is False for m in failed)
        assert len(sink.messages) == 2 and len({m["Message-ID"] for m in sink.messages}) == 2
        code = code_in(next(m for m in sink.messages if "code" in m["Subject"]))
        assert api.call("POST", "/api/me/email/verify", token=token, json={"code": code}).status_code == 200
        rows = outbox(app)
        assert all(m.sent_at and m.attempts == 2 and m.last_error is None and m.message is None for m in rows)
    finally:
        sink.stop()
        graph_store.close()


def test_senders_racing_for_one_mail_send_it_once(db_url, graph_db):
    port = free_port()
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_DELAY=0)
    Api(app.test_client()).register("Xu Lei")
    wait_for(lambda: outbox(app)[0].attempts == 1 and outbox(app)[0].last_error, what="a failed first attempt")
    mail_id = outbox(app)[0].id
    sink = SmtpSink(port, delay=0.5).start()  # slow: the first sender is mid-conversation when the others look
    try:
        # The upkeep and a just-committed request's own send can both hold the same id: each must claim it.
        sent = []
        upkeep, request_effect = (lambda: sent.append(mail_outbox.retry_due(app)),
                                  lambda: sent.append(mail_outbox.deliver(app, mail_id)))
        work = [upkeep, upkeep, request_effect, request_effect]
        runners = [threading.Thread(target=job) for job in work]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join(10)
        assert sorted(int(n) for n in sent) == [0, 0, 0, 1] and len(sink.messages) == 1
    finally:
        sink.stop()
        graph_store.close()


def test_a_hanging_smtp_server_does_not_hold_the_request(db_url, graph_db):
    hole = Blackhole()
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{hole.port}", MAIL_TIMEOUT=3)
    try:
        started = time.monotonic()
        Api(app.test_client()).register("Ma Yan")
        assert time.monotonic() - started < 2.5  # the mail waits in the background, not the person
        failed = wait_for(lambda: outbox(app)[0].last_error, seconds=15, what="the timeout to be recorded")
        assert "timed out" in failed.lower()
    finally:
        hole.close()
        graph_store.close()


def test_a_refused_recipient_is_given_up_at_once_and_kept_on_record(app, api, smtp):
    smtp.refuse.add("gone@example.com")
    api.register("Gone", email="gone@example.com")
    abandoned = wait_for(lambda: outbox(app)[0].failed_at and outbox(app)[0], what="the mail to be abandoned")
    assert abandoned.attempts == 1 and "550" in abandoned.last_error and abandoned.sent_at is None
    assert mail_outbox.retry_due(app, now=utcnow() + timedelta(days=1)) == 0 and smtp.messages == []


def test_after_the_last_attempt_a_mail_is_abandoned_not_retried_forever(db_url, graph_db):
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_RETRY_DELAY=0, MAIL_MAX_ATTEMPTS=3)
    Api(app.test_client()).register("Lin Tao")
    wait_for(lambda: outbox(app)[0].attempts == 1 and outbox(app)[0].last_error, what="a failed first attempt")
    mail_outbox.retry_due(app)
    mail_outbox.retry_due(app)
    mail = outbox(app)[0]
    assert mail.attempts == 3 and mail.failed_at is not None and mail.message is None
    assert mail_outbox.retry_due(app) == 0 and outbox(app)[0].attempts == 3
    graph_store.close()


def test_a_reset_mail_is_not_sent_after_its_link_expired(db_url, graph_db):
    port = free_port()
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_DELAY=0)
    api = Api(app.test_client())
    user = api.register("Qian Hui")
    api.call("POST", "/api/auth/password-reset", json={"email": user["email"]})
    # One read of the outbox: read twice, the first could hold only the failed code mail and the second the reset
    # mail before its first attempt, which would then reach the sink started below.
    wait_for(lambda: len(rows := outbox(app)) == 2 and all(m.last_error for m in rows), what="two failed mails")
    sink = SmtpSink(port).start()
    try:
        assert mail_outbox.retry_due(app, now=utcnow() + timedelta(minutes=31)) == 1  # the code, still good
        assert [m["Subject"] for m in sink.messages] == [outbox(app)[0].subject]
        reset = outbox(app)[1]
        assert reset.failed_at is not None and "expired" in reset.last_error
    finally:
        sink.stop()
        graph_store.close()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_credentials_come_from_mail_url(db_url, graph_db):
    sink = SmtpSink(free_port(), credentials=("mailer@example.com", "p@ss:w/rd")).start()
    url = f"smtp://{quote('mailer@example.com', safe='')}:{quote('p@ss:w/rd', safe='')}@127.0.0.1:{sink.port}"
    app = make_app(db_url, MAIL_URL=url, MAIL_FROM="Guanxi 关系 <hello@guanxi.example>")
    try:
        user = Api(app.test_client()).register("Wu Xin")
        wait_for(lambda: sink.messages, what="the mail")
        assert sink.logins == ["mailer@example.com"]
        assert sink.envelopes == [("hello@guanxi.example", [user["email"]])]
        assert sink.messages[0]["From"] == "Guanxi 关系 <hello@guanxi.example>"
        assert sink.messages[0]["Message-ID"].endswith("@guanxi.example>")
    finally:
        sink.stop()
        graph_store.close()


def test_retrying_an_eml_mail_rewrites_its_file_rather_than_adding_one(db_url, graph_db, tmp_path):
    folder = tmp_path / "mail"
    app = make_app(db_url, MAIL_URL=f"file://{folder}")
    Api(app.test_client()).register("Zheng Na")
    wait_for(lambda: outbox(app)[0].sent_at, what="the mail marked sent")
    mail = outbox(app)[0]
    with app.app_context():
        raw = compose(app.config["MAIL_FROM"], mail.recipient, "x", "body")
    before = sorted(Path(folder).iterdir())
    transport = transport_for(app.config["MAIL_URL"])
    transport.send(raw, "a@b", mail.recipient)
    transport.send(raw, "a@b", mail.recipient)
    assert len(sorted(Path(folder).iterdir())) == len(before) + 1
    graph_store.close()


@pytest.mark.parametrize("url", ["smtpx://u:secret@127.0.0.1:25", "smtp://", "smtp://u:secret@127.0.0.1:notaport",
                                 "mail.example.com", "smtp://127.0.0.1:25?starttls=maybe"])
def test_a_mistyped_mail_url_stops_the_start_without_showing_its_password(db_url, url):
    with pytest.raises(ValueError, match="MAIL_URL") as refused:
        make_app(db_url, MAIL_URL=url)
    assert "secret" not in str(refused.value)


def test_an_unexpected_error_while_sending_is_on_record_and_retried(app, api, smtp, monkeypatch):
    from core.mail import SmtpTransport

    real_send = SmtpTransport.send
    monkeypatch.setattr(SmtpTransport, "send", lambda *_a: (_ for _ in ()).throw(RuntimeError("library bug")))
    api.register("Bug Hit")
    failed = wait_for(lambda: outbox(app)[0].last_error, what="the error on record")
    assert failed == "RuntimeError: library bug" and outbox(app)[0].claimed_until is None
    monkeypatch.setattr(SmtpTransport, "send", real_send)
    assert mail_outbox.retry_due(app) == 1 and len(smtp.messages) == 1


@pytest.mark.parametrize("smtputf8", [True, False])
def test_an_address_in_chinese_goes_out_with_smtputf8_or_fails_for_good(smtputf8):
    sink = SmtpSink(free_port(), smtputf8=smtputf8).start()
    raw = compose("Guanxi <noreply@guanxi.example>", "张伟@例子.中国", "验证码", "您的验证码是 123456。")
    try:
        if smtputf8:
            transport_for(sink.url).send(raw, "noreply@guanxi.example", "张伟@例子.中国")
            [mail] = sink.messages
            assert mail["To"] == "张伟@例子.中国" and mail["Subject"] == "验证码" and sink.envelopes[0][1] == ["张伟@例子.中国"]
        else:
            with pytest.raises(MailError) as refused:
                transport_for(sink.url).send(raw, "noreply@guanxi.example", "张伟@例子.中国")
            assert refused.value.permanent and not sink.messages
    finally:
        sink.stop()
