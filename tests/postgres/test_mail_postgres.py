"""Mail, codes, resets and token expiry on PostgreSQL, production's SQL store (timezone-aware columns)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from accounts.models import ApiToken
from core import mail_outbox
from core.extensions import graph as graph_store
from tests.accounts.conftest import outbox
from tests.conftest import Api, PASSWORD, free_port, make_app
from tests.mail_server import SmtpSink, code_in, reset_token_in, wait_for


def test_codes_resets_retries_and_expiry_on_postgres(db_url, graph_db):
    port = free_port()
    app = make_app(db_url, MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_DELAY=0)
    api = Api(app.test_client())
    try:
        user, token = api.user_with_token("Pg Person")
        assert api.call("POST", "/api/auth/password-reset", json={"email": user["email"]}).status_code == 202
        wait_for(lambda: len(outbox(app)) == 2 and all(m.last_error for m in outbox(app)), what="two failed mails")
        sink = SmtpSink(port).start()
        try:
            assert mail_outbox.retry_due(app) == 2 and mail_outbox.retry_due(app) == 0 and len(sink.messages) == 2
        finally:
            sink.stop()
        code = code_in(next(m for m in sink.messages if "code" in m["Subject"]))
        assert api.call("POST", "/api/me/email/verify", token=token, json={"code": code}).status_code == 200
        reset = reset_token_in(next(m for m in sink.messages if "Reset" in m["Subject"]))
        body = {"token": reset, "password": "a new long password"}
        assert api.call("POST", "/api/auth/password-reset/confirm", json=body).status_code == 200
        assert api.call("POST", "/api/auth/password-reset/confirm", json=body).status_code == 400
        assert api.call("GET", "/api/me", token=token).status_code == 401
        fresh = api.token(user["email"], "a new long password")
        with app.extensions["sql_sessions"]() as session:
            session.execute(update(ApiToken).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
            session.commit()
        assert api.call("GET", "/api/me", token=fresh).status_code == 401
        old = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD})
        assert old.status_code == 401
    finally:
        graph_store.close()
