"""The Neo4j driver's import-time lookup tables, replaced by ones that compute an entry when it is asked for.

At import the driver (5.x and 6.x alike) fills dicts and lists with ~265,000 entries: `neo4j.time`'s
calendars for every year 1..9999 and PackStream's 16-bit integer encodings, the latter read only by the
pure-Python packer, which the Rust extension replaces. That is ~22 MB in every process (the chat server's
resident memory, measured: 111 -> 93 MB idle). The replacements give the same answers, and the same
KeyError/IndexError outside the tables' ranges."""
import logging
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence

log = logging.getLogger(__name__)
# The driver versions whose private tables these replacements were checked against (tests/test_neo4j_tables.py).
# On any other version nothing is replaced: the driver keeps its own tables and the process its 22 MB.
WRITTEN_FOR = frozenset({"5.28.8"})


class _Computed(dict):
    """A dict filled on first lookup by `compute(*key)`, for the keys `keys()` lists; `in`, len, get and
    iteration answer as the full table would."""

    def __init__(self, compute: Callable, keys: Callable[[], Iterable], valid: Callable[[object], bool]):
        super().__init__()
        self._compute, self._keys, self._valid = compute, keys, valid

    def __missing__(self, key):
        if not self._valid(key):
            raise KeyError(key)
        value = self[key] = self._compute(*key) if isinstance(key, tuple) else self._compute(key)
        return value

    def __contains__(self, key) -> bool:
        return self._valid(key)

    def get(self, key, default=None):
        return self[key] if self._valid(key) else default

    def __len__(self) -> int:
        return sum(1 for _ in self._keys())

    def __iter__(self):
        return iter(self._keys())

    def keys(self):
        return list(self._keys())

    def items(self):
        return [(key, self[key]) for key in self._keys()]

    def values(self):
        return [self[key] for key in self._keys()]


class _PackedUInt16(Sequence):
    """`[struct.pack(">H", n) for n in range(0x10000)]`, without holding 65,536 bytes objects."""

    def __len__(self) -> int:
        return 0x10000

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(0x10000))]
        if not -0x10000 <= n < 0x10000:
            raise IndexError(n)
        return struct.pack(">H", n % 0x10000)


class _UnpackedUInt16(Mapping):
    """`{struct.pack(">H", n): n for n in range(0x10000)}`, computed."""

    def __getitem__(self, key):
        if not isinstance(key, bytes) or len(key) != 2:
            raise KeyError(key)
        return struct.unpack(">H", key)[0]

    def __iter__(self):
        return (struct.pack(">H", n) for n in range(0x10000))

    def __len__(self) -> int:
        return 0x10000


def slim_driver_tables(version: str | None = None) -> bool:
    """Swap the driver's big tables for computed ones (once per process), only on a driver version they were
    written for; True when the computed tables are in place."""
    import neo4j
    from neo4j import time as calendar
    from neo4j._codec.packstream import v1 as packstream

    if isinstance(calendar.DAYS_IN_MONTH, _Computed):
        return True
    if (version or neo4j.__version__) not in WRITTEN_FOR:
        log.info("neo4j %s: keeping the driver's own lookup tables (replacements written for %s)",
                 version or neo4j.__version__, ", ".join(sorted(WRITTEN_FOR)))
        return False
    years = range(calendar.MIN_YEAR, calendar.MAX_YEAR + 1)

    def year_months():
        return ((year, month) for year in years for month in range(1, 13))

    calendar.IS_LEAP_YEAR = _Computed(calendar._is_leap_year, lambda: years, years.__contains__)
    calendar.DAYS_IN_YEAR = _Computed(calendar._days_in_year, lambda: years, years.__contains__)
    calendar.DAYS_IN_MONTH = _Computed(
        calendar._days_in_month, year_months,
        lambda key: isinstance(key, tuple) and len(key) == 2 and key[0] in years and key[1] in range(1, 13))
    packstream.PACKED_UINT_16 = _PackedUInt16()  # type: ignore[assignment]
    packstream.UNPACKED_UINT_16 = _UnpackedUInt16()  # type: ignore[assignment]
    return True
