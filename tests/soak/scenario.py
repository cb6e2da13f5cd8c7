"""The soak scenario: set a sales team up, let seven clients work for `seconds`, then judge the result."""
import os
import random
import threading
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from tests.soak import clients, verdict
from tests.soak.clients import Context
from tests.soak.record import Http, Recorder
from tests.soak.server import SlowWebhook, app_server
from tests.soak.world import Person, World


SETUP_ATTEMPTS = 3
SETUP_CONNECTIONS = 3  # each member starts the day knowing this many of the pool: the board is not empty


class SetupFailed(AssertionError):
    """The scenario could not even set its team up; the message names the request."""


@dataclass
class SoakConfig:
    seconds: float = 60.0
    seed: int = 20260101
    crm: bool = True  # CRM sync on, with the slow webhook as a target
    webhook_delay: float = 1.5
    pool: int = 24  # people the members connect with (besides newcomers)
    members: int = 4  # one connecting client each
    slow: float = 3.0  # no request may take longer (seconds)
    timeout: float = 32.0  # the clients' own wait: two of SQLite's 15 s busy timeouts in a row still show
    settle_timeout: float = 90.0  # how long the worker gets to drain once the clients stop
    verify_timeout: float = 120.0  # and then reading the final state back

    @classmethod
    def from_env(cls, **overrides) -> "SoakConfig":
        """SOAK_SECONDS and SOAK_SEED from the environment (shorter runs while developing)."""
        values = {"seconds": float(os.environ.get("SOAK_SECONDS", cls.seconds)),
                  "seed": int(os.environ.get("SOAK_SEED", cls.seed))}
        return cls(**{**values, **overrides})


@dataclass
class Team:
    admin: Person
    chatter: Person
    members: list[Person]  # the connecting members
    pool: list[Person]
    consenting: set[str]  # pool people who gave consent during set-up
    connected: list[tuple[Person, Person]]  # (member, pool person) connected during set-up
    org_id: str
    conversation_id: str


def soak_on(folder: Path, database_url: str, neo4j_uri: str, config: SoakConfig,
            label: str = "") -> "verdict.SoakResult":
    """Start `python app.py` on a migrated database_url and run the scenario against it."""
    with app_server(folder, database_url, neo4j_uri) as (base_url, log_path):
        return run_soak(base_url, config, log_path, label)


def run_soak(base_url: str, config: SoakConfig, log_path: Path | None = None,
             label: str = "") -> "verdict.SoakResult":
    """Set up, run every client until the deadline, wait for the CRM worker to settle, judge."""
    recorder = Recorder()
    with (SlowWebhook(config.webhook_delay) if config.crm else nullcontext()) as hook:
        try:
            team = set_up(Http(base_url, recorder, "setup", config.timeout), config, hook)
        except SetupFailed as failed:
            return verdict.setup_failed(label, config, recorder, str(failed), log_path)
        world = World([team.admin, team.chatter, *team.members], team.members)
        for person in team.pool:
            world.add_person(person, consent=person.id in team.consenting)
        for member, person in team.connected:
            world.set_connected(member, person, True, recorder.now(), "set-up")
        started = recorder.now()
        ctx = Context(base_url, recorder, world, team.org_id, started + config.seconds, config.timeout, config.seed)
        sent: dict[str, list[str]] = {"socket": [], "rest": []}
        threads = _clients(ctx, team, config, sent)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, ctx.deadline - recorder.now()) + config.timeout * 3)
        stuck = [t.name for t in threads if t.is_alive()]
        judge = verdict.Judge(base_url, recorder, world, team, config, hook, log_path)
        return judge.result(label, started, sent, stuck)


def _clients(ctx: Context, team: Team, config: SoakConfig, sent: dict) -> list[threading.Thread]:
    threads = []
    for index, member in enumerate(team.members):
        own = team.pool[index::len(team.members)]  # the pool people whose consent this client alone flips
        threads.append(threading.Thread(target=clients.connector, args=(ctx, index + 1, member, team.pool, own),
                                        name=f"member-{index + 1}", daemon=True))
    threads.append(threading.Thread(target=clients.socket_chatter, name="chat-socket", daemon=True,
                                    args=(ctx, team.admin, team.conversation_id, sent["socket"])))
    threads.append(threading.Thread(target=clients.rest_chatter, name="chat-rest", daemon=True,
                                    args=(ctx, team.chatter, team.conversation_id, sent["rest"])))
    tag = uuid.UUID(int=random.Random(config.seed).getrandbits(128)).hex[:8]
    threads.append(threading.Thread(target=clients.newcomers, args=(ctx, tag), name="newcomers", daemon=True))
    return threads


def set_up(http: Http, config: SoakConfig, hook: SlowWebhook | None) -> Team:
    """A team (admin, connecting members, a chatting colleague), the pool, CRM settings and a conversation.
    Half the pool consents and each member knows a few of them from the start (seeded); sync is turned on
    last, so the day begins with a board to keep right."""
    rng = random.Random(f"{config.seed}:setup")
    tag = uuid.UUID(int=rng.getrandbits(128)).hex[:8]

    def person(name: str, **profile) -> Person:
        return _account(http, name, f"{name.lower().replace(' ', '.')}.{tag}@example.com", **profile)

    admin = person("Team Admin", company="Valve Sales Co", title="Head of Sales")
    members = [person(f"Member {i + 1}", company="Valve Sales Co", title="Account Manager")
               for i in range(config.members)]
    chatter = person("Member Chat", company="Valve Sales Co", title="Sales Engineer")
    pool = [person(f"Buyer {i + 1:02d}", company=f"Plant {i % 7}", title="Procurement Manager")
            for i in range(config.pool)]
    consenting, connected = _acquaint(http, rng, members, pool)
    org_id = _expect(http, 201, "create team", "POST", "/api/orgs", admin.token, json={"name": "Valve Sales"})["id"]
    for member in (*members, chatter):
        _join(http, org_id, admin, member)
    conversation = _expect(http, (200, 201), "open conversation", "POST", "/api/conversations", admin.token,
                           json={"participant_ids": [chatter.id]})
    if config.crm:  # last: the day starts with sync on, the set-up itself is ordinary traffic
        _expect(http, 200, "turn CRM sync on", "PUT", f"/api/orgs/{org_id}/crm", admin.token,
                json={"enabled": True, "targets": [hook.target()]})
    return Team(admin, chatter, members, pool, consenting, connected, org_id, conversation["id"])


def _acquaint(http: Http, rng: random.Random, members: list[Person], pool: list[Person]):
    """Half the pool consents; each member connects with SETUP_CONNECTIONS of it. Returns both facts."""
    consenting = {buyer.id for buyer in pool if rng.random() < 0.5}
    for buyer in pool:
        if buyer.id in consenting:
            _expect(http, 200, "give consent", "PATCH", "/api/me", buyer.token, json={"crm_consent": True})
    connected = [(member, buyer) for member in members for buyer in rng.sample(pool, SETUP_CONNECTIONS)]
    for member, buyer in connected:
        asked = _expect(http, 201, "request connection", "POST", "/api/connections/requests", member.token,
                        json={"to_user_id": buyer.id})
        if asked.get("status") != "accepted":
            _expect(http, 200, "accept request", "POST", f"/api/connections/requests/{asked['id']}/accept", buyer.token)
    return consenting, connected


def _join(http: Http, org_id: str, admin: Person, member: Person) -> None:
    """Add a member; where membership is by invitation (API.md), the invitee accepts."""
    added = _expect(http, (200, 201), "add member", "POST", f"/api/orgs/{org_id}/members", admin.token,
                    json={"user_id": member.id, "role": "member"})
    if added.get("status") == "invited":
        _expect(http, 200, "accept invitation", "POST", f"/api/orgs/{org_id}/membership/accept", member.token)


def _expect(http: Http, status, action: str, method: str, path: str, token: str | None, **kwargs) -> dict:
    """The answer's JSON once it has the wanted status. A 5xx or no answer is retried (at most
    SETUP_ATTEMPTS times): every attempt is recorded, so the verdict still counts the failures, but the
    scenario gets its team and goes on to show what the day looks like."""
    wanted = status if isinstance(status, tuple) else (status,)
    for _ in range(SETUP_ATTEMPTS):
        response = http.call(action, method, path, token, **kwargs)
        if response is not None and response.status_code in wanted:
            return response.json() if response.content else {}
        if response is not None and response.status_code < 500:
            break
    raise SetupFailed(f"{action}: {_last(http)}" + (f" {response.text[:300].strip()}" if response is not None else ""))


def _account(http: Http, name: str, email: str, **profile) -> Person:
    """Register (an earlier attempt that got no answer may have registered already: 409) and get a token."""
    body = {"email": email, "password": clients.PASSWORD, "name": name, **profile}
    _expect(http, (201, 409), "register", "POST", "/api/auth/register", None, json=body)
    answer = _expect(http, 200, "get token", "POST", "/api/auth/token", None,
                     json={"email": email, "password": clients.PASSWORD})
    return Person(answer["user"]["id"], name, email, answer["token"])


def _last(http: Http) -> str:
    calls = http.recorder.snapshot()
    return calls[-1].line() if calls else "no call"
