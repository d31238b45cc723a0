"""Fast paths of the time-expression stage give what the plain computation gives."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pytest

from pipeline.timex import _fmt, _frozen, _local_anchor, extract_normalized, lexer
from pipeline.timex import calendars as cal
from pipeline.timex.calendars import add_months, delta
from pipeline.timex.resolve import Ctx, _choose, resolve_point


def _add_months_plain(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return d.replace(year=y, month=m + 1, day=min(d.day, calendar.monthrange(y, m + 1)[1]))


def test_add_months_is_the_plain_month_arithmetic() -> None:
    days = [dt.date(2023, 12, 1) + dt.timedelta(days=i) for i in range(0, 800, 3)]
    days += [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2023, 3, 30)]
    for d in days:
        for n in (-25, -13, -12, -1, 0, 1, 2, 11, 12, 14):
            assert add_months(d, n) == _add_months_plain(d, n), (d, n)


def test_frozen_is_the_items_with_dicts_frozen() -> None:
    f = {"dur": {"D": 3.0, "H": 1.0}, "approx": False, "sub": {"dur": {"M": 2.0}, "x": 1}}
    assert _frozen(f) == (("dur", (("D", 3.0), ("H", 1.0))), ("approx", False),
                          ("sub", (("dur", (("M", 2.0),)), ("x", 1))))
    plain = {"y": 2024, "m": 3}
    assert _frozen(plain) == tuple(plain.items())


def _bare_day_plain(d: int, ctx: Ctx) -> dt.date:
    """A bare day (6号) the plain way: that day in the anchor's month or either next to it."""
    base = ctx.anchor.date()
    cands = []
    for k in (-1, 0, 1):
        first = add_months(base.replace(day=1), k)
        if d <= calendar.monthrange(first.year, first.month)[1]:
            cands.append(first.replace(day=d))
    return _choose(cands, base, ctx)  # the candidates are what changed; the choice is shared


def test_bare_day_is_read_in_the_months_around_the_anchor() -> None:
    anchors = [dt.datetime(2023, 12, 1) + dt.timedelta(days=i) for i in range(0, 500, 2)]
    anchors += [dt.datetime(2024, 2, 29), dt.datetime(2024, 3, 31), dt.datetime(2023, 1, 30)]
    for prefer in ("past", "future", "current"):
        for a in anchors:
            ctx = Ctx(a, prefer, "keep")
            for d in range(1, 32):
                assert resolve_point({"d": d}, ctx).date == _bare_day_plain(d, ctx), (a, d)


def test_local_anchor_of_a_plain_datetime_is_itself() -> None:
    for a in (dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30, 5),
              dt.datetime(2024, 11, 3, 1, 30, fold=1), dt.datetime(2024, 3, 1, 8, 0, 0, 250)):
        got = _local_anchor(a, "Asia/Shanghai")
        plain = a.replace(tzinfo=None, microsecond=0)
        assert (got, got.fold, type(got)) == (plain, plain.fold, type(plain))
    aware = dt.datetime(2024, 3, 1, 23, 30, 0, 7, tzinfo=dt.timezone.utc)
    assert _local_anchor(aware, "Asia/Shanghai") == dt.datetime(2024, 3, 2, 7, 30)


def test_policies_are_checked_on_every_call() -> None:
    a = dt.datetime(2024, 3, 1)
    for _ in range(2):  # the second time too: only valid policies are remembered
        with pytest.raises(ValueError, match="prefer"):
            extract_normalized("今天", "今天", a, prefer="later")
        with pytest.raises(ValueError, match="day_parts"):
            extract_normalized("今天", "今天", a, day_parts=["news"])  # unhashable
        assert [t.value for t in extract_normalized("今天", "今天", a, weeks="occurrence")] \
            == ["2024-03-01"]


def test_remembered_formatting_is_the_formatting() -> None:
    for _ in range(2):  # the second time from memory
        for d in (dt.datetime(2024, 3, 5), dt.datetime(2024, 3, 5, 7, 8, 9),
                  dt.datetime(999, 1, 2, 3, 4), dt.datetime(2024, 3, 5, 1, 2, 3, 4),
                  dt.datetime(2024, 3, 5, fold=1)):
            assert _fmt(d) == d.strftime("%Y-%m-%dT%H:%M:%S")
            assert cal.iso(d, minutes=True) == d.isoformat(timespec="minutes")
            assert cal.iso(d.date()) == d.date().isoformat()
        utc = dt.datetime(2024, 3, 5, 8, tzinfo=dt.timezone.utc)
        east = utc.astimezone(dt.timezone(dt.timedelta(hours=8)))  # equal to utc
        assert cal.iso(utc, minutes=True) == "2024-03-05T08:00+00:00"
        assert cal.iso(east, minutes=True) == "2024-03-05T16:00+08:00"
        assert cal.iso(east) == east.isoformat()  # equal to utc, printed in its own zone
        assert _fmt(east) == east.strftime("%Y-%m-%dT%H:%M:%S")


def test_remembered_timedeltas_are_the_timedeltas() -> None:
    for _ in range(2):
        for kw in ({"days": 1}, {"days": -3}, {"weeks": 2}, {"hours": 18}, {"days": 1.0},
                   {"days": 0.5, "seconds": 3600}, {"hours": 1, "minutes": 30, "seconds": 5}):
            assert delta(**kw) == dt.timedelta(**kw), kw


def _characters() -> list[str]:
    """Characters the lexer meets: ASCII and punctuation, every word's, numerals, CJK samples."""
    chars = {chr(c) for c in range(0x3100)} | set("".join(lexer.WORDS)) | set(lexer.CN_NUM)
    chars |= {chr(c) for c in range(0x4E00, 0xA000, 7)} | set("０１２３～－—─")
    return sorted(chars)


def test_first_and_second_classes_read_in_one_call_are_the_classes() -> None:
    for ch in _characters():
        atoms = []
        for n, tests in lexer._PAIRS.items():
            seconds = [b for a, b in tests if a.match(ch)]
            if seconds:
                atoms.append((n, None if None in seconds else seconds))
        assert lexer._starts(ch).atoms == atoms, ch
        held = {b for b in lexer._SECONDS if re.match(b, ch)}
        assert lexer._second_classes(ch) == held, ch
