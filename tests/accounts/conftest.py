"""Accounts fixtures: the app sends its mail to a real SMTP server the test started on 127.0.0.1."""
import pytest
from sqlalchemy import select

from core.extensions import graph as graph_store
from core.mail_outbox import OutgoingMail
from tests.conftest import Api, PASSWORD, free_port, make_app
from tests.mail_server import SmtpSink


@pytest.fixture
def smtp():
    sink = SmtpSink(free_port()).start()
    yield sink
    sink.stop()


@pytest.fixture
def app(db_url, graph_db, smtp):
    """Overrides the shared app: mail goes to the test's SMTP server; a failed mail is due again at once."""
    application = make_app(db_url, MAIL_URL=smtp.url, MAIL_RETRY_DELAY=0)
    yield application
    graph_store.close()


def outbox(app) -> list[OutgoingMail]:
    """The mail outbox's rows, oldest first."""
    with app.extensions["sql_sessions"]() as session:
        return session.scalars(select(OutgoingMail).order_by(OutgoingMail.created_at)).all()


def sign_up(api: Api, name: str = "Li Wei", email: str | None = None) -> dict:
    """Register through the API; returns the user with its email and a bearer token."""
    user = api.register(name, email=email)
    return {**user, "token": api.token(user["email"])}


__all__ = ["PASSWORD", "outbox", "sign_up"]
