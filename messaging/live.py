"""This process's live sockets: who each one is (resolved once at connect), what it has open, presence."""
import threading
import time
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class SocketUser:
    """The user behind a socket and what let them in, fixed at connect (the session sweep checks the latter)."""

    id: str
    name: str
    token_id: str | None = None  # the API token it was opened with; None: the login cookie
    session_version: int | None = None  # the user's when it connected; a password change moves it on


class Registry:
    """Per-process socket state; rooms and events still go through Socket.IO (and its message queue)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users: dict[str, SocketUser] = {}
        self._sids_of: dict[str, set[str]] = defaultdict(set)
        self._rooms: dict[str, set[str]] = {}
        self._open: dict[str, str | None] = {}
        self._typed_at: dict[tuple[str, str], float] = {}
        self._shown_online: set[str] = set()
        self._generation: dict[str, int] = defaultdict(int)

    def add(self, sid: str, user: SocketUser, conversation_ids: list[str]) -> bool:
        """Register a socket; True when its user must now be shown online."""
        with self._lock:
            self._users[sid] = user
            self._sids_of[user.id].add(sid)
            self._rooms[sid] = set(conversation_ids)
            self._generation[user.id] += 1  # cancels a pending "offline"
            newly = user.id not in self._shown_online
            self._shown_online.add(user.id)
            return newly

    def remove(self, sid: str) -> tuple[SocketUser | None, int | None, set[str]]:
        """Forget a socket; returns its user, the presence generation when that was the last socket, its rooms."""
        with self._lock:
            user = self._users.pop(sid, None)
            rooms = self._rooms.pop(sid, set())
            self._open.pop(sid, None)
            for key in [k for k in self._typed_at if k[0] == sid]:
                del self._typed_at[key]
            if user is None:
                return None, None, rooms
            sids = self._sids_of[user.id]
            sids.discard(sid)
            if sids:
                return user, None, rooms
            del self._sids_of[user.id]
            self._generation[user.id] += 1
            return user, self._generation[user.id], rooms

    def went_offline(self, user_id: str, generation: int) -> bool:
        """After the grace period: True (once) if the user has had no socket since."""
        with self._lock:
            if self._generation[user_id] != generation or self._sids_of.get(user_id):
                return False
            self._shown_online.discard(user_id)
            return True

    def user(self, sid: str) -> SocketUser | None:
        return self._users.get(sid)

    def join(self, sid: str, conversation_id: str) -> None:
        with self._lock:
            self._rooms.setdefault(sid, set()).add(conversation_id)

    def leave(self, sid: str, conversation_id: str) -> None:
        with self._lock:
            self._rooms.get(sid, set()).discard(conversation_id)
            if self._open.get(sid) == conversation_id:
                self._open[sid] = None

    def in_room(self, sid: str, conversation_id: str) -> bool:
        return conversation_id in self._rooms.get(sid, ())

    def set_open(self, sid: str, conversation_id: str | None) -> None:
        self._open[sid] = conversation_id

    def viewing(self, user_id: str, conversation_id: str) -> list[str]:
        """The user's sockets in this process that have the conversation on screen."""
        return [sid for sid in list(self._sids_of.get(user_id, ())) if self._open.get(sid) == conversation_id]

    def sids(self, user_id: str) -> list[str]:
        return list(self._sids_of.get(user_id, ()))

    def sockets(self, user_id: str | None = None) -> list[tuple[str, SocketUser]]:
        """(sid, user) of this process's sockets, or of one user's."""
        with self._lock:
            sids = self._sids_of.get(user_id, ()) if user_id is not None else self._users
            return [(sid, self._users[sid]) for sid in list(sids)]

    def online(self, user_ids) -> set[str]:
        return {uid for uid in user_ids if uid in self._shown_online}

    def may_type(self, sid: str, conversation_id: str, interval: float) -> bool:
        """Throttle typing indicators: at most one per socket and conversation per interval."""
        now = time.monotonic()
        key = (sid, conversation_id)
        with self._lock:
            if now - self._typed_at.get(key, -interval) < interval:
                return False
            self._typed_at[key] = now
            return True


registry = Registry()
