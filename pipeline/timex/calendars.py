"""Calendar arithmetic: lunar dates, Easter, solar terms, holidays of other calendars."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from functools import lru_cache

from lunardate import LunarDate

from pipeline.timex.lexicon import LEX

try:  # Hebrew / Islamic calendars (convertdate); without it those holidays are left unresolved
    from convertdate import hebrew as _hebrew
    from convertdate import islamic as _islamic
except ImportError:  # pragma: no cover - optional dependency
    _hebrew = _islamic = None

_HOL = LEX.holidays

#: ``dt.timedelta``, remembered: building one from keyword arguments costs thousands of
#: instructions, and the readings ask for the same few (a day, a week, N hours) again and again.
#: A timedelta is immutable and a function of its arguments' values, so sharing one is safe.
delta = lru_cache(maxsize=4096)(dt.timedelta)


_ISO_SEEN: dict[tuple[dt.date, type, bool], str] = {}


def iso(d: dt.date, minutes: bool = False) -> str:
    """``d.isoformat()`` (a datetime's to the minute), remembered: the C formatting costs
    thousands of instructions and news dates the same few days (the anchor's, the day before).
    Keyed by value, type and precision: equal naive values of one type print the same. Aware
    datetimes are not remembered (equal ones of different zones print differently)."""
    if getattr(d, "tzinfo", None) is not None:
        return d.isoformat(timespec="minutes") if minutes else d.isoformat()
    key = (d, type(d), minutes)
    text = _ISO_SEEN.get(key)
    if text is None:
        if len(_ISO_SEEN) >= 100_000:
            _ISO_SEEN.clear()  # bounded: a long run meets ever more dates
        text = _ISO_SEEN[key] = d.isoformat(timespec="minutes") if minutes else d.isoformat()
    return text


def add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    day = d.day
    if day > 28:  # every month has 28 days: only a later day may need the month's length
        day = min(day, _cal.monthrange(y, m + 1)[1])
    return d.replace(year=y, month=m + 1, day=day)


def month_days(y: int, m: int) -> int:
    return _cal.monthrange(y, m)[1]


def _solar(ld: LunarDate) -> dt.date:
    conv = getattr(ld, "to_solar_date", None) or ld.toSolarDate
    return conv()


def lunar_to_solar(y: int, m: int, d: int, leap: bool = False) -> dt.date | None:
    """Chinese lunar date -> Gregorian; d = 0 means the last day of the month."""
    try:
        if d == 0:
            nxt = _solar(LunarDate(y + (m == 12), m % 12 + 1, 1))
            return nxt - delta(days=1)
        return _solar(LunarDate(y, m, d, leap))
    except (ValueError, IndexError):
        return None


def lunar_year_of(d: dt.date) -> int:
    try:
        conv = getattr(LunarDate, "from_solar_date", None) or LunarDate.fromSolarDate
        return conv(d.year, d.month, d.day).year
    except (ValueError, IndexError):
        return d.year


def easter(y: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    t = h + l_ - 7 * m
    month, day = (t + 90) // 25, (t + 33 * ((t + 90) // 25) + 19) % 32
    return dt.date(y, month, day)


def orthodox_easter(y: int) -> dt.date:
    """Orthodox Easter Sunday (Julian computus, shown in the Gregorian calendar)."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = dt.date(y, month, day + 1)
    return julian + delta(days=y // 100 - y // 400 - 2)


def solar_term(y: int, name: str) -> dt.date:
    """Date of a solar term (21st-century approximation, exact to a day for 2000-2099)."""
    month, c = _HOL["solar_terms"][name]
    yy = y % 100
    leap = (yy - 1) // 4 if month <= 2 else yy // 4
    return dt.date(y, month, int(yy * 0.2422 + c) - leap)


def nth_weekday(y: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(y, month, 1)
        return first + delta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(y, month, month_days(y, month))
    return last - delta(days=(last.weekday() - weekday) % 7)


#: "REGION:name" -> rule, for names that mean another day in one region (TW 国庆 = 10-10)
REGIONAL = {f"{region}:{name}": rule
            for region, table in (_HOL.get("regional") or {}).items()
            for name, rule in table.items()}


def holiday_key(name: str, region: str | None) -> str:
    """The rule to use for holiday ``name`` in ``region`` (its regional one if it has one)."""
    key = f"{region}:{name}"
    return key if region and key in REGIONAL else name


def holiday_rule(key: str) -> dict:
    return REGIONAL.get(key) or _HOL["holidays"][key]


@lru_cache(maxsize=4096)
def holiday_date(name: str, y: int) -> tuple[dt.date, int] | None:
    """(first day, number of days) of holiday ``name`` (a ``holiday_key``) in year ``y``."""
    rule = holiday_rule(name)
    days = int(rule.get("days", 1))
    dated = rule.get("dated")
    if dated and y in dated:
        m, d = map(int, dated[y].split("-"))
        return dt.date(y, m, d), days
    if "fixed" in rule:
        m, d = map(int, rule["fixed"].split("-"))
        return dt.date(y, m, d), days
    if "nth_weekday" in rule:
        return nth_weekday(y, *rule["nth_weekday"]), days
    if "easter" in rule:
        return easter(y) + delta(days=rule["easter"]), days
    if "orthodox_easter" in rule:
        return orthodox_easter(y) + delta(days=rule["orthodox_easter"]), days
    if "solar_term" in rule:
        return solar_term(y, rule["solar_term"]), days
    if "lunar" in rule:
        # the lunar year whose date falls in Gregorian year y (either the one starting in y
        # or, for late-winter dates such as 除夕, the one that started the year before)
        for ly in (y, y - 1):
            d = _lunar_rule(rule["lunar"], ly)
            if d is not None and d.year == y:
                return d, days
        return None
    if "hebrew" in rule and _hebrew is not None:
        hm, hd = rule["hebrew"]
        for hy in (y + 3760, y + 3761):
            g = _hebrew_observed(hy, hm, hd, name)
            if g.year == y:
                return g, days
        return None
    if "islamic" in rule and _islamic is not None:
        im, idd = rule["islamic"]
        base = round((y - 622) * 33 / 32)
        for iy in (base - 1, base, base + 1, base + 2):
            g = dt.date(*_islamic.to_gregorian(iy, im, idd))
            if g.year == y:
                return g, days
        return None
    return None


def _lunar_rule(spec: str, ly: int) -> dt.date | None:
    m, d = spec.split("-")
    if d == "LAST":
        return lunar_to_solar(ly, 12, 0)
    return lunar_to_solar(ly, int(m), int(d))


def _hebrew_observed(hy: int, hm: int, hd: int, name: str) -> dt.date:
    g = dt.date(*_hebrew.to_gregorian(hy, hm, hd))
    if (hm, hd) == (2, 5):  # Israel's Independence Day moves off Fri/Sat/Mon
        shift = {4: -1, 5: -2, 0: 1}.get(g.weekday(), 0)
        g += delta(days=shift)
    # Jewish days begin at the evening before: the observance is dated from that eve
    return g - delta(days=1)


def lunar_month_range(ly: int, m: int, leap: bool = False) -> tuple[dt.date, dt.date] | None:
    start = lunar_to_solar(ly, m, 1, leap)
    if start is None:
        return None
    for nd in (30, 29):
        end = lunar_to_solar(ly, m, nd, leap)
        if end is not None:
            return start, end + delta(days=1)
    return None
