"""Per-person token buckets for Socket.IO events: one person's sockets share a budget, like their HTTP calls."""
import time


class EventBudget:
    """`rate` events a second per person, bursts up to `burst`; a costly event (a big sync) spends more."""

    def __init__(self, rate: float, burst: float, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # person id: (tokens, when last filled)

    def spend(self, person_id: str, cost: float = 1.0) -> bool:
        """Take cost tokens from the person's bucket; False (and nothing taken) when there are not enough."""
        if self.rate <= 0:
            return True  # switched off
        now = self.clock()
        tokens, filled = self._buckets.get(person_id, (self.burst, now))
        tokens = min(self.burst, tokens + (now - filled) * self.rate)
        if tokens < cost:
            self._buckets[person_id] = (tokens, now)
            return False
        self._buckets[person_id] = (tokens - cost, now)
        if len(self._buckets) > 100_000:  # people long idle are full again anyway: forget them
            self._forget_full(now)
        return True

    def _forget_full(self, now: float) -> None:
        full_after = self.burst / self.rate
        self._buckets = {p: (t, f) for p, (t, f) in self._buckets.items() if now - f < full_after}
