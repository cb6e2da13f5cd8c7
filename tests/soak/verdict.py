"""After the clients stop: let the CRM worker settle, read the final state back, compare the leads board
with what the clients' record says it must be, and say plainly what went wrong."""
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tests.soak.record import Call, Http, latency_summary
from tests.soak.report import problems_of, report_text
from tests.soak.server import warnings_in


@dataclass(repr=False)
class SoakResult:
    label: str
    crm: bool
    seconds: float
    calls: list[Call]
    summary: dict
    mismatches: list[str]  # one line per person the board has wrong
    problems: list[str]  # every reason the run failed; empty when it passed
    report: str
    facts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __repr__(self) -> str:  # pytest shows it under a failed assert: the report says the rest
        return f"SoakResult({self.label!r}, problems={len(self.problems)})"

    def as_dict(self) -> dict:
        return {"label": self.label, "crm": self.crm, "seconds": self.seconds, **self.summary,
                "board_mismatches": len(self.mismatches), "mismatches": self.mismatches, "problems": self.problems,
                **self.facts}


class Judge:
    """Reads the server's final state as the team admin, and weighs it against the record."""

    def __init__(self, base_url, recorder, world, team, config, hook, log_path):
        self.http = Http(base_url, recorder, "verify", config.timeout)
        self.read_until = time.monotonic() + config.settle_timeout + config.verify_timeout
        self.recorder, self.world, self.team, self.config, self.hook = recorder, world, team, config, hook
        self.log_path = log_path

    def result(self, label: str, started: float, sent: dict, stuck: list[str]) -> SoakResult:
        settle_started = self.recorder.now()
        leads, settled = self.settle()
        facts = {"settle_seconds": round(self.recorder.now() - settle_started, 1), "settled": settled,
                 "people": len(self.world.people), "stuck_clients": stuck}
        disagreements = self.read_back()
        should = self.should_have_email()
        mismatches = board_mismatches(leads, self.world, should if self.config.crm else set()) if leads is not None \
            else ["the board could not be read"]
        facts["leads"] = len(leads or [])
        facts["should_have_email"] = len(should) if self.config.crm else 0
        facts["webhook_mismatches"] = self.webhook_mismatches(should)
        chat = self.chatproblems_of(sent)
        calls = self.recorder.snapshot()
        summary = latency_summary(calls, self.config.slow)
        log_lines, log_counts = warnings_in(self.log_path)
        facts["server_log"] = log_counts
        problems = problems_of(summary, calls, mismatches, disagreements, chat, settled, stuck, self.config)
        report = report_text(label, self.config, summary, calls, mismatches, disagreements, chat, facts, problems,
                         log_lines)
        self.http.close()
        return SoakResult(label, self.config.crm, self.config.seconds, calls, summary, mismatches, problems, report,
                          facts)

    def get(self, action: str, path: str, who):
        """A recorded GET as `who`; None once the verification's time is up (a frozen server would
        otherwise hold every read for the clients' full timeout)."""
        if time.monotonic() > self.read_until:
            return None
        return self.http.call(action, "GET", path, who.token)

    def board(self) -> list[dict] | None:
        """Every network lead of the team (all pages), or None when a page could not be read."""
        leads, cursor = [], None
        for _ in range(100):
            query = "?source=network&limit=500" + (f"&cursor={cursor}" if cursor else "")
            response = self.get("read board", f"/api/orgs/{self.team.org_id}/crm/leads{query}", self.team.admin)
            if response is None or response.status_code != 200:
                return None
            body = response.json()
            leads.extend(body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                return leads
        return None

    def backlog(self) -> int | None:
        """Outbox events not done plus deliveries the targets still owe; None when unreadable."""
        if not self.config.crm:
            return 0
        response = self.get("sync status", f"/api/orgs/{self.team.org_id}/crm/status", self.team.admin)
        if response is None or response.status_code != 200:
            return None
        body = response.json()
        return body["outbox"]["pending"] + sum(t.get("pending") or 0 for t in body["targets"])

    def settle(self) -> tuple[list[dict] | None, bool]:
        """Poll until nothing is waiting and two reads of the board agree (bounded by settle_timeout)."""
        deadline, previous, leads = time.monotonic() + self.config.settle_timeout, None, None
        while True:
            leads, waiting = self.board(), self.backlog()
            seen = None if leads is None else sorted((lead["Guanxi_Person_Id__c"], lead.get("Email") or "")
                                                     for lead in leads)
            if seen is not None and seen == previous and waiting == 0:
                return leads, True
            if time.monotonic() > deadline:
                return leads, False
            previous = seen
            time.sleep(1.0)

    def read_back(self) -> list[str]:
        """Cross-check the record with the API (each member's connections, each person's consent); fills
        in what the record lost to failed requests. Returns where the record and the server disagree."""
        world, disagreements = self.world, []
        for member in world.members:
            connected = self._connections_of(member)
            for person in list(world.people.values()):
                recorded = world.connected.get((member.id, person.id), False)
                actual = None if connected is None else person.id in connected
                if recorded is None and actual is not None:
                    world.set_connected(member, person, actual, self.recorder.now(), "read back from the API")
                elif recorded is None or actual is None:
                    continue
                elif recorded != actual:
                    disagreements.append(f"{member.name} – {person.name}: the clients' record says "
                                         f"{'connected' if recorded else 'not connected'}, GET /api/connections "
                                         f"says {'connected' if actual else 'not connected'}")
        for person in list(world.people.values()):
            response = self.get("read profile", "/api/me", person)
            actual = response.json()["crm_consent"] if response is not None and response.status_code == 200 else None
            recorded = world.consent.get(person.id)
            if recorded is None and actual is not None:
                world.set_consent(person, actual, self.recorder.now(), "read back from the API")
            elif actual is not None and recorded != actual:
                disagreements.append(f"{person.name}: the clients' record says consent {recorded}, "
                                     f"GET /api/me says {actual}")
        lost_pairs, lost_people = world.unknown()
        disagreements += [f"{world.people[p].name}: consent unknown (no answer from the API)" for p in lost_people]
        disagreements += [f"{_name(world, m)} – {world.people[p].name}: connection unknown" for m, p in lost_pairs]
        return disagreements

    def _connections_of(self, member) -> set[str] | None:
        found, cursor = set(), None
        for _ in range(100):
            query = "?limit=500" + (f"&cursor={cursor}" if cursor else "")
            response = self.get("read connections", "/api/connections" + query, member)
            if response is None or response.status_code != 200:
                return None
            body = response.json()
            found.update(user["id"] for user in body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                return found
        return None

    def should_have_email(self) -> set[str]:
        """People who consent and are connected to a team member: exactly these hold a lead with an email."""
        world = self.world
        return {pid for pid in world.people if world.consent.get(pid)
                and any(world.connected.get((m.id, pid)) for m in world.members)}

    def webhook_mismatches(self, should: set[str]) -> int | None:
        """People whose last record at the webhook has contact details it should not, or lacks them."""
        if self.hook is None:
            return None
        with self.hook.lock:
            received = {pid: bool(lead.get("Email")) for pid, lead in self.hook.leads.items()}
        return sum(1 for pid in self.world.people if received.get(pid, False) != (pid in should))

    def chatproblems_of(self, sent: dict) -> list[str]:
        """Every acknowledged message is stored once, seq 1, 2, 3... with no gaps."""
        messages, after = [], 0
        for _ in range(200):
            response = self.get("read conversation", f"/api/conversations/{self.team.conversation_id}"
                                f"/messages?after_seq={after}&limit=500", self.team.admin)
            if response is None or response.status_code != 200:
                return ["the conversation could not be read back"]
            items = response.json()["items"]
            messages.extend(items)
            if len(items) < 500:
                break
            after = items[-1]["seq"]
        problems = []
        seqs = [m["seq"] for m in messages]
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"message seqs are not 1..{len(seqs)} without gaps")
        stored = Counter(m["client_msg_id"] for m in messages)
        lost = [cid for cid in sent["socket"] + sent["rest"] if stored[cid] == 0]
        doubled = [cid for cid, n in stored.items() if n > 1]
        if lost:
            problems.append(f"{len(lost)} acknowledged messages are missing, e.g. {lost[:3]}")
        if doubled:
            problems.append(f"{len(doubled)} messages stored twice, e.g. {doubled[:3]}")
        return problems


def setup_failed(label: str, config, recorder, error: str, log_path) -> SoakResult:
    """The verdict when the team could not even be set up: the failed requests and stalls so far."""
    calls = recorder.snapshot()
    summary = latency_summary(calls, config.slow)
    log_lines, log_counts = warnings_in(log_path)
    facts = {"people": 0, "leads": 0, "should_have_email": 0, "webhook_mismatches": None, "settled": False,
             "settle_seconds": 0, "server_log": log_counts, "setup_failed": error}
    problems = [f"set-up failed: {error}"] + problems_of(summary, calls, [], [], [], True, [], config)
    report = report_text(label, config, summary, calls, [], [], [], facts, problems, log_lines)
    return SoakResult(label, config.crm, config.seconds, calls, summary, [], problems, report, facts)


def board_mismatches(leads: list[dict], world, should: set[str]) -> list[str]:
    """One line per person the board has wrong: a missing or wrong email, an email kept without consent
    or connection, duplicate leads, a member as a lead, a lead for someone nobody created."""
    by_person = defaultdict(list)
    for lead in leads:
        by_person[lead["Guanxi_Person_Id__c"]].append(lead)
    member_ids = {m.id for m in world.team}
    lines = []
    for pid in sorted(should, key=lambda p: world.people[p].name):
        person, emails = world.people[pid], [lead["Email"] for lead in by_person.get(pid, []) if lead.get("Email")]
        if not emails:
            state = "no lead" if pid not in by_person else "a lead without email"
            lines.append(f"MISSING {person.name} ({pid}) consents and is connected to "
                         f"{_knows(world, pid)}, but the board has {state}{_history(world, pid)}")
        elif any(email.lower() != person.email.lower() for email in emails):
            lines.append(f"WRONG EMAIL {person.name} ({pid}): {emails} instead of {person.email}")
    for pid, found in sorted(by_person.items()):
        person = world.people.get(pid)
        name = person.name if person else _name(world, pid)
        if len(found) > 1:
            lines.append(f"DUPLICATE {name} ({pid}) has {len(found)} network leads")
        if pid in member_ids:
            lines.append(f"MEMBER {name} ({pid}) is a lead of their own team")
        elif person is None:
            lines.append(f"STRANGER lead {pid} ({found[0].get('LastName')}) is nobody the clients created")
        elif pid not in should and any(lead.get("Email") for lead in found):
            why = "does not consent" if not world.consent.get(pid) else "is connected to no team member"
            lines.append(f"EMAIL KEPT {name} ({pid}) {why}, but the board still shows "
                         f"{found[0]['Email']}{_history(world, pid)}")
    return lines


def _knows(world, pid: str) -> str:
    return ", ".join(m.name for m in world.members if world.connected.get((m.id, pid))) or "nobody"


def _history(world, pid: str) -> str:
    return "; history: " + " | ".join(world.history[pid][-4:]) if world.history.get(pid) else ""


def _name(world, pid: str) -> str:
    return next((m.name for m in world.team if m.id == pid), pid)
