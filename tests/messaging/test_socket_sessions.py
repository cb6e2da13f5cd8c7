"""A socket lives only as long as what let it in: a revoked or expired token, or a changed password, ends it, on
every process; sockets opened with credentials that still work stay."""
import hashlib
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy import create_engine, insert, update

from accounts.models import ApiToken, PasswordReset, User
from core.db import utcnow
from tests.conftest import PASSWORD, csrf_from
from tests.messaging.conftest import Person, live_person
from tests.messaging.servers import Listener, app_servers, redis_server

WATCHED = ("session_ended",)
NO_SWEEP = "600"  # the sweep never comes round during a test: what ends a socket is the immediate path


@pytest.fixture(scope="module")
def server_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sessions")


@pytest.fixture(scope="module")
def server(server_home, neo4j_driver, migrated_db):
    with app_servers(server_home, migrated_db, CHAT_SESSION_SWEEP_SECONDS=NO_SWEEP) as urls:
        yield urls[0]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def new_token(url: str, person: Person, label: str) -> tuple[str, str]:
    """Another bearer token of the person, and its id."""
    raw = requests.post(url + "/api/auth/token", json={"email": person.email, "password": PASSWORD, "label": label},
                        timeout=10).json()["token"]
    items = requests.get(url + "/api/auth/tokens", headers=bearer(raw), timeout=10).json()["items"]
    return raw, next(t["id"] for t in items if t["label"] == label)


def login_cookie(url: str, person: Person) -> str:
    """A browser's login: the Cookie header its socket would send."""
    browser = requests.Session()
    form = browser.get(url + "/login", timeout=10).text
    browser.post(url + "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_from(form)},
                 timeout=10)
    assert browser.get(url + "/api/me", timeout=10).status_code == 200
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def watch(url: str, token: str | None = None, cookie: str | None = None) -> Listener:
    """A socket that records session_ended and otherwise ignores it: only the server can close it."""
    return Listener(url, token, WATCHED, headers={"Cookie": cookie} if cookie else None)


def ended(socket: Listener, seconds: float = 10.0) -> list[dict]:
    """The session_ended events the socket got, once the server has closed it (or the wait ran out)."""
    deadline = time.monotonic() + seconds
    while socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not socket.client.connected, "the server did not close the socket"
    return socket.seen["session_ended"]


def still_open(socket: Listener) -> bool:
    return socket.client.connected and socket.call("sync", {"cursors": {}})["ok"] is True


def refused(url: str, token: str) -> bool:
    client = socketio.Client(reconnection=False)
    try:
        client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        return True
    client.disconnect()
    return False


def change_database(folder: Path, statement) -> None:
    engine = create_engine(f"sqlite:///{folder / 'guanxi.db'}")
    with engine.begin() as connection:
        connection.execute(statement)
    engine.dispose()


def test_revoking_a_token_ends_the_sockets_opened_with_it_and_no_others(server):
    li = live_person(server, "Li Wei")
    (phone, phone_id), (laptop, _) = new_token(server, li, "phone"), new_token(server, li, "laptop")
    on_phone, on_laptop = watch(server, phone), watch(server, laptop)
    try:
        assert requests.delete(f"{server}/api/auth/tokens/{phone_id}", headers=bearer(laptop),
                               timeout=10).status_code == 204
        assert ended(on_phone) == [{"reason": "token_revoked"}]
        assert still_open(on_laptop) and on_laptop.seen["session_ended"] == []
        assert refused(server, phone)
    finally:
        on_phone.close()
        on_laptop.close()


def test_a_password_change_ends_the_login_and_revoked_token_sockets(server):
    li = live_person(server, "Li Wei")
    (kept, _), (other, _) = new_token(server, li, "kept"), new_token(server, li, "other")
    by_cookie, by_other, by_kept = watch(server, cookie=login_cookie(server, li)), watch(server, other), watch(server, kept)
    try:
        changed = requests.post(server + "/api/me/password", headers=bearer(kept), timeout=10,
                                json={"current_password": PASSWORD, "new_password": "a different long password"})
        assert changed.status_code == 200
        assert ended(by_cookie) == [{"reason": "password_changed"}]
        assert ended(by_other) == [{"reason": "password_changed"}]
        # The token that made the change goes on working, over HTTP and on its socket.
        assert still_open(by_kept) and by_kept.seen["session_ended"] == []
    finally:
        for socket in (by_cookie, by_other, by_kept):
            socket.close()


def test_a_password_reset_ends_every_socket_of_the_person(server, server_home):
    li = live_person(server, "Li Wei")
    by_cookie, by_token = watch(server, cookie=login_cookie(server, li)), watch(server, li.token)
    link, now = "a-mailed-reset-link-token", utcnow()  # the mailed link, without the mail
    change_database(server_home, insert(PasswordReset).values(
        id=uuid.uuid4().hex, user_id=li.id, token_hash=hashlib.sha256(link.encode()).hexdigest(), created_at=now,
        expires_at=now + timedelta(minutes=5)))
    try:
        reset = requests.post(server + "/api/auth/password-reset/confirm", timeout=10,
                              json={"token": link, "password": "a different long password"})
        assert reset.status_code == 200
        assert ended(by_cookie) == [{"reason": "password_changed"}]
        assert ended(by_token) == [{"reason": "password_changed"}]
    finally:
        by_cookie.close()
        by_token.close()


def test_the_sweep_ends_sockets_whose_token_expired_or_whose_login_is_stale(tmp_path, neo4j_driver, migrated_db):
    with app_servers(tmp_path, migrated_db, CHAT_SESSION_SWEEP_SECONDS="0.3") as (url,):
        li, wang = live_person(url, "Li Wei"), live_person(url, "Wang Fang")
        (short, short_id), (lasting, _) = new_token(url, li, "short"), new_token(url, li, "lasting")
        on_short, on_lasting = watch(url, short), watch(url, lasting)
        wang_browser = watch(url, cookie=login_cookie(url, wang))
        try:
            change_database(tmp_path, update(ApiToken).where(ApiToken.id == short_id).values(expires_at=utcnow()))
            assert ended(on_short) == [{"reason": "token_expired"}]
            # A password changed by something this process never heard of (another process, no message queue).
            change_database(tmp_path, update(User).where(User.id == wang.id)
                            .values(session_version=User.session_version + 1))
            assert ended(wang_browser) == [{"reason": "password_changed"}]
            assert still_open(on_lasting) and on_lasting.seen["session_ended"] == []
        finally:
            for socket in (on_short, on_lasting, wang_browser):
                socket.close()


def test_revoking_on_one_process_ends_the_socket_on_the_other(tmp_path, neo4j_driver, migrated_db):
    with redis_server() as queue, app_servers(tmp_path, migrated_db, count=2, SOCKETIO_MESSAGE_QUEUE=queue,
                                              CHAT_SESSION_SWEEP_SECONDS="1") as (one, two):
        li = live_person(one, "Li Wei")
        (phone, phone_id), (laptop, _) = new_token(one, li, "phone"), new_token(one, li, "laptop")
        phone_on_two, laptop_on_two = watch(two, phone), watch(two, laptop)
        try:
            assert requests.delete(f"{one}/api/auth/tokens/{phone_id}", headers=bearer(laptop),
                                   timeout=10).status_code == 204
            # Told through the message queue, closed by process two itself: this client ignores the notice.
            told = ended(phone_on_two)
            assert told and all(event == {"reason": "token_revoked"} for event in told)
            assert still_open(laptop_on_two) and laptop_on_two.seen["session_ended"] == []
        finally:
            phone_on_two.close()
            laptop_on_two.close()
