"""Place a TIMEX3 value on the report's time axis, or say it cannot be placed.

A value the text leaves open (``XXXX-XX-XXT04:28``, ``PXD``, ``PRESENT_REF``) is not guessed
onto the axis: the report lists such events apart. What is placed is an interval in minutes
since 1970-01-01 on the source's wall clock (the axis is a scale, not an instant in UTC),
with the precision the value gives, so a month-only value draws as a bar over that month.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta

Placed = tuple[int, int, str]
"""(start, end) in minutes on the wall-clock scale, end exclusive, and the precision:
Y (year), H (half), Q (quarter), S (season), M (month), W (week), D (day), P (part of day),
T (hour:minute)."""

_EPOCH = datetime(1970, 1, 1)
# TIMEX3 parts of day, as wall-clock hours [start, end); NI runs past midnight.
_PARTS = {"MO": (6, 12), "MI": (11, 14), "AF": (12, 18), "EV": (18, 22), "NI": (22, 30),
          "DT": (8, 18)}
_SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; each lasts three
_TZ = r"(?:Z|[+-]\d\d(?::?\d\d)?)?"
_DATE = re.compile(
    r"(?P<y>\d{4})"
    r"(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d|XX))?|W(?P<w>\d\d)|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|(?P<s>SP|SU|FA|WI)))?"
    r"(?:T(?:(?P<hh>\d\d)(?::(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?)?|(?P<pd>MO|MI|AF|EV|NI|DT))"
    + _TZ + r")?$"
)


def _minutes(t: datetime) -> int:
    return int((t - _EPOCH).total_seconds() // 60)


def _add_months(t: datetime, months: int) -> datetime:
    m = t.month - 1 + months
    return t.replace(year=t.year + m // 12, month=m % 12 + 1, day=1)


def _span(start: datetime, end: datetime, precision: str) -> Placed:
    return _minutes(start), _minutes(end), precision


def place(value: str | None) -> Placed | None:
    """The interval a TIMEX3 value covers, or None when the text leaves the date open."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:  # an explicit interval: both ends must be placeable
        a, _, b = value.partition("/")
        pa_, pb = place(a), place(b)
        if pa_ is None or pb is None or pb[1] < pa_[0]:
            return None
        return pa_[0], max(pb[0], pa_[0] + 1), "D" if pb[0] - pa_[0] >= 1440 else "T"
    m = _DATE.match(value)
    if m is None:
        return None
    try:
        return _place_match(m)
    except ValueError:  # 2023-02-30 and the like: a rule's slip, not a date
        return None


def _place_match(m: re.Match[str]) -> Placed:
    g = m.groupdict()
    y = int(g["y"])
    if g["w"]:
        start = datetime.fromisocalendar(y, int(g["w"]), 1)
        return _span(start, start + timedelta(days=7), "W")
    if g["q"]:
        start = datetime(y, 3 * int(g["q"]) - 2, 1)
        return _span(start, _add_months(start, 3), "Q")
    if g["h"]:
        start = datetime(y, 6 * int(g["h"]) - 5, 1)
        return _span(start, _add_months(start, 6), "H")
    if g["s"]:
        start = datetime(y, _SEASONS[g["s"]], 1)
        return _span(start, _add_months(start, 3), "S")
    if not g["m"]:
        return _span(datetime(y, 1, 1), datetime(y + 1, 1, 1), "Y")
    month = int(g["m"])
    if not g["d"] or g["d"] == "XX":  # 2023-11-XX: the month is all the text gives
        start = datetime(y, month, 1)
        days = calendar.monthrange(y, month)[1]
        return _span(start, start + timedelta(days=days), "M")
    day = datetime(y, month, int(g["d"]))
    if g["pd"]:
        lo, hi = _PARTS[g["pd"]]
        return _span(day + timedelta(hours=lo), day + timedelta(hours=hi), "P")
    if g["hh"]:
        t = day + timedelta(hours=int(g["hh"]), minutes=int(g["mi"] or 0))
        return _span(t, t + timedelta(minutes=1 if g["mi"] else 60), "T")
    return _span(day, day + timedelta(days=1), "D")
