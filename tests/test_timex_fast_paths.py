"""Fast paths of the time-expression stage give what the plain computation gives."""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.timex import _frozen
from pipeline.timex.calendars import add_months


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
