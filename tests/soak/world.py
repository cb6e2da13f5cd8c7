"""What the soak's clients did, as they know it: who is connected to which team member, who consents.

Every key has exactly one owner thread (a member's client owns that member's connections and a slice of
the pool's consent; the newcomer client owns its newcomers), so no two clients race on one fact and the
record needs no guessing about order. A request without a clear answer (5xx, timeout, a 4xx the record
did not predict) makes its key unknown; the final value of an unknown key is read from the API."""
import threading
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    token: str


class World:
    """The record: the team, everyone else (pool and newcomers), connections, consent, a per-person history."""

    def __init__(self, team: list[Person], members: list[Person]):
        self.lock = threading.Lock()
        self.team = team  # everyone in the organization (never a lead of it)
        self.members = members  # the team members who connect with people
        self.people: dict[str, Person] = {}
        self.connected: dict[tuple[str, str], bool | None] = {}
        self.consent: dict[str, bool | None] = {}
        self.history: dict[str, list[str]] = defaultdict(list)

    def add_person(self, person: Person, consent: bool = False) -> None:
        with self.lock:
            self.people[person.id] = person
            self.consent[person.id] = consent

    def is_connected(self, member: Person, person: Person) -> bool | None:
        with self.lock:
            return self.connected.get((member.id, person.id), False)

    def set_connected(self, member: Person, person: Person, value: bool | None, at: float, note: str) -> None:
        with self.lock:
            self.connected[(member.id, person.id)] = value
            self.history[person.id].append(f"t=+{at:.1f}s {note} ({member.name}) → "
                                           f"{'connected' if value else 'unknown' if value is None else 'not connected'}")

    def consents(self, person: Person) -> bool | None:
        with self.lock:
            return self.consent.get(person.id, False)

    def set_consent(self, person: Person, value: bool | None, at: float, note: str) -> None:
        with self.lock:
            self.consent[person.id] = value
            self.history[person.id].append(f"t=+{at:.1f}s {note} → consent "
                                           f"{'unknown' if value is None else value}")

    def unknown(self) -> tuple[list[tuple[str, str]], list[str]]:
        """The (member, person) pairs and the people whose state the record lost to a failed request."""
        with self.lock:
            return ([key for key, value in self.connected.items() if value is None],
                    [pid for pid, value in self.consent.items() if value is None])
