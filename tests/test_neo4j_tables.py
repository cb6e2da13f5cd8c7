"""The driver's lookup tables, once replaced by computed ones, still answer exactly as the originals did."""
import calendar
import struct

import pytest
from neo4j import time as neo4j_time
from neo4j._codec.packstream import v1 as packstream

from core.neo4j_tables import _Computed, slim_driver_tables


@pytest.fixture(autouse=True)
def slimmed(app):
    """The app factory slims the tables; the tests check it did."""
    assert isinstance(neo4j_time.DAYS_IN_MONTH, _Computed)
    slim_driver_tables()  # a second app in the process: nothing changes
    assert isinstance(neo4j_time.DAYS_IN_MONTH, _Computed)


def test_calendars_agree_with_pythons_for_every_year():
    for year in range(neo4j_time.MIN_YEAR, neo4j_time.MAX_YEAR + 1):
        assert neo4j_time.IS_LEAP_YEAR[year] is calendar.isleap(year)
        assert neo4j_time.DAYS_IN_YEAR[year] == (366 if calendar.isleap(year) else 365)
        for month in range(1, 13):
            assert neo4j_time.DAYS_IN_MONTH[year, month] == calendar.monthrange(year, month)[1]


def test_outside_the_calendar_a_lookup_fails_as_before():
    for table, key in ((neo4j_time.IS_LEAP_YEAR, 0), (neo4j_time.DAYS_IN_YEAR, 10_000),
                       (neo4j_time.DAYS_IN_MONTH, (2024, 13)), (neo4j_time.DAYS_IN_MONTH, (0, 1)),
                       (neo4j_time.DAYS_IN_MONTH, "2024-01")):
        with pytest.raises(KeyError):
            table[key]
    with pytest.raises(ValueError):
        neo4j_time.Date(2023, 2, 29)


def test_packstream_tables_match_struct():
    for n in range(0x10000):
        packed = struct.pack(">H", n)
        assert packstream.PACKED_UINT_16[n] == packed and packstream.UNPACKED_UINT_16[packed] == n
    assert len(packstream.PACKED_UINT_16) == len(packstream.UNPACKED_UINT_16) == 0x10000
    with pytest.raises(IndexError):
        packstream.PACKED_UINT_16[0x10000]
    with pytest.raises(KeyError):
        packstream.UNPACKED_UINT_16[b"\x00"]


def test_the_pure_python_packer_still_encodes_sizes_and_integers():
    class Stream(bytearray):
        def write(self, data):
            self.extend(data)

    stream = Stream()
    packstream.Packer(stream)._py_pack(["x" * 300, 40_000])
    assert bytes(stream) == b"\x92" + b"\xd1\x01\x2c" + b"x" * 300 + b"\xca" + struct.pack(">i", 40_000)


def test_dates_round_trip_through_neo4j(graph_db):
    last_of_february = neo4j_time.Date(2024, 2, -1)  # "last day of the month", resolved through DAYS_IN_MONTH
    assert last_of_february == neo4j_time.Date(2024, 2, 29)
    records, _, _ = graph_db.execute_query(
        "RETURN $d AS d, $d + duration('P1D') AS next, date('2100-02-28') + duration('P1D') AS century, "
        "datetime('2024-02-29T23:30:00Z') + duration('PT1H') AS later", d=last_of_february)
    row = records[0]
    assert row["d"] == neo4j_time.Date(2024, 2, 29) and row["next"] == neo4j_time.Date(2024, 3, 1)
    assert row["century"] == neo4j_time.Date(2100, 3, 1)  # 2100 is no leap year
    assert (row["later"].year, row["later"].month, row["later"].day, row["later"].hour) == (2024, 3, 1, 0)


def test_the_replacements_answer_in_len_get_and_iteration_as_the_originals():
    """Before: `in`, len and .get answered from the entries computed so far (len 0 on a fresh table)."""
    assert 2024 in neo4j_time.IS_LEAP_YEAR and 0 not in neo4j_time.IS_LEAP_YEAR
    assert (2023, 2) in neo4j_time.DAYS_IN_MONTH and (2023, 13) not in neo4j_time.DAYS_IN_MONTH
    assert len(neo4j_time.DAYS_IN_YEAR) == neo4j_time.MAX_YEAR - neo4j_time.MIN_YEAR + 1
    assert len(neo4j_time.DAYS_IN_MONTH) == 12 * (neo4j_time.MAX_YEAR - neo4j_time.MIN_YEAR + 1)
    assert neo4j_time.DAYS_IN_YEAR.get(2023) == 365 and neo4j_time.DAYS_IN_YEAR.get(0, "none") == "none"
    assert list(neo4j_time.IS_LEAP_YEAR)[:2] == [1, 2]


def test_on_a_driver_version_they_were_not_written_for_nothing_is_replaced(monkeypatch):
    import core.neo4j_tables as tables

    monkeypatch.setattr(neo4j_time, "DAYS_IN_MONTH", {(2024, 2): 29})  # as if nothing had been replaced yet
    assert tables.slim_driver_tables(version="9.9.9") is False
    assert neo4j_time.DAYS_IN_MONTH == {(2024, 2): 29}
    assert tables.slim_driver_tables() is True  # the installed, locked version
    assert isinstance(neo4j_time.DAYS_IN_MONTH, _Computed)
