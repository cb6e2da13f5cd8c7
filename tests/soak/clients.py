"""The soak's clients, one thread each: four members growing and pruning their networks while their
contacts flip CRM consent, two colleagues chatting (one over Socket.IO, one over REST), and a stream of
newcomers registering. Each draws from its own seeded random generator and stops at the deadline."""
import random
import time
import uuid
from dataclasses import dataclass

import socketio

from tests.soak.record import NACK_STATUS, Call, Http, Recorder
from tests.soak.world import Person, World

PASSWORD = "correct horse battery"


@dataclass
class Context:
    """What every client shares: where the server is, the record, the team, and when to stop."""

    base_url: str
    recorder: Recorder
    world: World
    org_id: str
    deadline: float  # on the recorder's clock
    timeout: float  # client-side wait for one answer; longer than a 15 s stall, so a stall is measured
    seed: int

    def http(self, client: str) -> Http:
        return Http(self.base_url, self.recorder, client, self.timeout)

    def rng(self, client: str) -> random.Random:
        return random.Random(f"{self.seed}:{client}")

    def running(self) -> bool:
        return self.recorder.now() < self.deadline

    def pause(self, rng: random.Random, low: float, high: float) -> None:
        time.sleep(max(0.0, min(rng.uniform(low, high), self.deadline - self.recorder.now())))


def toggle_connection(ctx: Context, http: Http, rng: random.Random, member: Person, person: Person) -> None:
    """Connect the two (a request, then the other accepts) or, when connected, one of them removes the other."""
    state, now = ctx.world.is_connected(member, person), ctx.recorder.now
    if state is None:  # lost to a failed request: the final read of the API decides it
        return
    if state:
        who, other = (member, person) if rng.random() < 0.5 else (person, member)
        response = http.call("remove connection", "DELETE", f"/api/connections/{other.id}", who.token)
        ctx.world.set_connected(member, person, False if _ok(response, 204) else None, now(), f"{who.name} removed")
        return
    asker, answerer = (member, person) if rng.random() < 0.5 else (person, member)
    response = http.call("request connection", "POST", "/api/connections/requests", asker.token,
                         json={"to_user_id": answerer.id, "note": "Met at the valve fair"})
    if not _ok(response, 201):
        ctx.world.set_connected(member, person, None, now(), f"{asker.name} asked, failed")
        return
    accepted = response.json().get("status") == "accepted"
    if not accepted:
        response = http.call("accept request", "POST", f"/api/connections/requests/{response.json()['id']}/accept",
                             answerer.token)
        accepted = _ok(response, 200)
    ctx.world.set_connected(member, person, True if accepted else None, now(), f"{asker.name} asked, {answerer.name} accepted")


def set_consent(ctx: Context, http: Http, person: Person, value: bool) -> None:
    action = "give consent" if value else "withdraw consent"
    response = http.call(action, "PATCH", "/api/me", person.token, json={"crm_consent": value})
    confirmed = _ok(response, 200) and response.json().get("crm_consent") is value
    ctx.world.set_consent(person, value if confirmed else None, ctx.recorder.now(), action)


def flip_consent(ctx: Context, http: Http, rng: random.Random, person: Person) -> None:
    current = ctx.world.consents(person)
    set_consent(ctx, http, person, (not current) if current is not None else rng.random() < 0.5)


def look_around(ctx: Context, http: Http, rng: random.Random, member: Person, person: Person) -> None:
    """What a salesperson reads between changes: a profile, the leads board, their connections, notifications."""
    choice = rng.randrange(4)
    if choice == 0:
        http.call("view person", "GET", f"/api/people/{person.id}", member.token)
    elif choice == 1:
        http.call("view board", "GET", f"/api/orgs/{ctx.org_id}/crm/leads?limit=20", member.token)
    elif choice == 2:
        http.call("list connections", "GET", "/api/connections?limit=100", member.token)
    else:
        http.call("notifications", "GET", "/api/notifications", member.token)


def connector(ctx: Context, index: int, member: Person, pool: list[Person], own: list[Person]) -> None:
    """A team member connecting with and dropping pool people; `own` are the pool people whose consent
    this client alone flips."""
    name = f"member-{index}"
    http, rng = ctx.http(name), ctx.rng(name)
    while ctx.running():
        roll = rng.random()
        if roll < 0.45:
            toggle_connection(ctx, http, rng, member, rng.choice(pool))
        elif roll < 0.75:
            flip_consent(ctx, http, rng, _mostly_known(ctx.world, rng, own))
        else:
            look_around(ctx, http, rng, member, rng.choice(pool))
        ctx.pause(rng, 0.1, 0.5)
    http.close()


def _mostly_known(world: World, rng: random.Random, people: list[Person]) -> Person:
    """Usually someone the team knows: their consent is what the board must follow (a withdrawal strips the
    lead's email), while an unconnected person's consent changes no lead at all."""
    known = [p for p in people if any(world.is_connected(m, p) for m in world.members)]
    return rng.choice(known if known and rng.random() < 0.7 else people)


def newcomers(ctx: Context, tag: str) -> None:
    """People joining all day: register, get a token, often consent and connect to a team member;
    now and then an earlier newcomer changes their mind or drops the connection."""
    http, rng, members = ctx.http("newcomers"), ctx.rng("newcomers"), ctx.world.members
    joined: list[tuple[Person, Person]] = []  # (newcomer, the member they know)
    count = 0
    while ctx.running():
        count += 1
        person = register(http, f"Newcomer {count:03d}", f"newcomer{count}.{tag}@example.com",
                          company="Acme Pumps", title="Buyer")
        if person is not None:
            ctx.world.add_person(person)
            member = members[count % len(members)]
            joined.append((person, member))
            if rng.random() < 0.6:
                set_consent(ctx, http, person, True)
            if rng.random() < 0.6:
                toggle_connection(ctx, http, rng, member, person)
        if joined and rng.random() < 0.4:
            earlier, member = rng.choice(joined)
            if rng.random() < 0.5:
                flip_consent(ctx, http, rng, earlier)
            else:
                toggle_connection(ctx, http, rng, member, earlier)
        ctx.pause(rng, 0.3, 1.0)
    http.close()


def register(http: Http, name: str, email: str, **profile) -> Person | None:
    """A new account and its bearer token; None when either request failed (recorded)."""
    response = http.call("register", "POST", "/api/auth/register",
                         json={"email": email, "password": PASSWORD, "name": name, **profile})
    if not _ok(response, 201):
        return None
    user = response.json()["user"]
    response = http.call("get token", "POST", "/api/auth/token", json={"email": email, "password": PASSWORD})
    if not _ok(response, 200):
        return None
    return Person(user["id"], name, email, response.json()["token"])


def rest_chatter(ctx: Context, person: Person, conversation_id: str, sent: list[str]) -> None:
    """A colleague chatting through the REST API: send, now and then read back and mark read."""
    http, rng = ctx.http("chat-rest"), ctx.rng("chat-rest")
    base = f"/api/conversations/{conversation_id}"
    count = 0
    while ctx.running():
        count += 1
        client_msg_id = f"rest-{count}-{uuid.uuid4().hex[:8]}"
        response = http.call("send message (REST)", "POST", base + "/messages", person.token,
                             json={"body": f"REST says {count}", "client_msg_id": client_msg_id})
        if _ok(response, 201):
            sent.append(client_msg_id)
            if rng.random() < 0.3:
                seq = response.json()["seq"]
                http.call("read messages", "GET", f"{base}/messages?after_seq={max(0, seq - 5)}&limit=10", person.token)
                http.call("mark read", "POST", base + "/read", person.token, json={"seq": seq})
        ctx.pause(rng, 0.2, 0.6)
    http.close()


def socket_chatter(ctx: Context, person: Person, conversation_id: str, sent: list[str]) -> None:
    """A colleague chatting over Socket.IO: every send_message waits for its ack, recorded like a request."""
    rng, client, count = ctx.rng("chat-socket"), None, 0
    while ctx.running():
        if client is None or not client.connected:
            client = _socket(ctx, person)
            if client is None:
                ctx.pause(rng, 0.5, 1.0)
                continue
        count += 1
        client_msg_id = f"sio-{count}-{uuid.uuid4().hex[:8]}"
        status, detail, started = "error", "", ctx.recorder.now()
        try:
            ack = client.call("send_message", {"conversation_id": conversation_id, "body": f"Socket says {count}",
                                               "client_msg_id": client_msg_id}, timeout=ctx.timeout)
            status = 200 if ack.get("ok") else NACK_STATUS.get(ack.get("error"), 400)
            detail = "" if ack.get("ok") else str(ack.get("error"))
            if ack.get("ok"):
                sent.append(client_msg_id)
        except socketio.exceptions.TimeoutError:
            status = "timeout"
        except Exception as exc:  # disconnected under us: counted, then reconnected
            detail = type(exc).__name__
        ctx.recorder.add(Call("chat-socket", "send message (socket)", "EMIT", "send_message", started,
                              ctx.recorder.now() - started, status, detail))
        ctx.pause(rng, 0.2, 0.6)
    if client is not None and client.connected:
        client.disconnect()


def _socket(ctx: Context, person: Person):
    client, started = socketio.Client(reconnection=False), ctx.recorder.now()
    status, detail = 200, ""
    try:
        client.connect(ctx.base_url, auth={"token": person.token}, transports=["websocket"], wait_timeout=ctx.timeout)
    except Exception as exc:
        status, detail, client = "error", type(exc).__name__, None
    ctx.recorder.add(Call("chat-socket", "socket connect", "WS", "/socket.io", started, ctx.recorder.now() - started,
                          status, detail))
    return client


def _ok(response, status: int) -> bool:
    return response is not None and response.status_code == status
