"""Durations: ISO 8601 values, and their anchored readings (两周前, 未来三天, 3年以来)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.timex import calendars as cal
from pipeline.timex.lexicon import LEX

D = cal.delta  # dt.timedelta, remembered
_DIRS = LEX.units["directions"]
_PREFIX = LEX.units["span_prefixes"]
_ORDER = ["Y", "M", "W", "D", "H", "M_", "S"]
_SECONDS = {"Y": 365 * 86400, "M": 30 * 86400, "W": 7 * 86400, "D": 86400, "H": 3600,
            "M_": 60, "S": 1}


def _fmt(x: float) -> str:
    if x == int(x):
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


def iso_value(f: dict[str, Any]) -> str:
    parts = dict(f["dur"])
    if f.get("dur_unknown") or not parts:
        g = {"year": "Y", "month": "M", "day": "D", "hour": "H", "minute": "M_", "second": "S"}
        unit = g.get(f.get("grain") or "day", "D")
        return "PTX" + unit.rstrip("_") if unit in ("H", "M_", "S") else "PX" + unit
    if "W" in parts and len(parts) > 1:  # ISO 8601 does not mix weeks with other units
        parts["D"] = parts.get("D", 0) + 7 * parts.pop("W")
    date = "".join(_fmt(parts[k]) + k for k in ("Y", "M", "W", "D") if parts.get(k))
    time = "".join(_fmt(parts[k]) + k.rstrip("_") for k in ("H", "M_", "S") if parts.get(k))
    return "P" + date + ("T" + time if time else "")


def shift(a: dt.datetime, parts: dict[str, float], sign: int) -> dt.datetime:
    """``a`` moved by the duration; calendar units move the calendar (years and months)."""
    months = parts.get("Y", 0) * 12 + parts.get("M", 0)
    whole = int(months)
    out = dt.datetime.combine(cal.add_months(a.date(), sign * whole), a.time())
    frac_days = (months - whole) * 30
    secs = sum(parts.get(k, 0) * _SECONDS[k] for k in ("W", "D", "H", "M_", "S"))
    return out + sign * D(days=frac_days, seconds=secs)


def floor(a: dt.datetime, grain: str) -> dt.datetime:
    if grain == "year":
        return dt.datetime(a.year, 1, 1)
    if grain == "month":
        return dt.datetime(a.year, a.month, 1)
    if grain == "day":
        return dt.datetime(a.year, a.month, a.day)
    if grain == "hour":
        return a.replace(minute=0, second=0, microsecond=0)
    if grain == "minute":
        return a.replace(second=0, microsecond=0)
    return a.replace(microsecond=0)


def step(a: dt.datetime, grain: str, n: int = 1) -> dt.datetime:
    if grain == "year":
        return a.replace(year=a.year + n)
    if grain == "month":
        return dt.datetime.combine(cal.add_months(a.date(), n), a.time())
    sec = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}[grain]
    return a + D(seconds=sec * n)


def _stretch(a: dt.datetime, g: str, n: int, sign: int) -> tuple[dt.datetime, dt.datetime]:
    """The n whole units before the anchor's unit (sign -1) or after it (sign +1)."""
    if g == "week":
        base = floor(a, "day") - D(days=a.weekday())
        return (base - D(weeks=n), base) if sign < 0 else (base + D(weeks=1), base + D(weeks=n + 1))
    base = floor(a, g)
    return (step(base, g, -n), base) if sign < 0 else (step(base, g, 1), step(base, g, n + 1))


def effective_grain(f: dict[str, Any]) -> str:
    """The grain of "N units ago": a half or fraction drops one level (一年半后 -> month)."""
    g = f.get("grain") or "day"
    parts = f["dur"]
    if any(v != int(v) for v in parts.values()):
        return {"year": "month", "month": "day", "day": "hour", "hour": "minute",
                "minute": "second"}.get(g, g)
    return g


def anchored(f: dict[str, Any], a: dt.datetime, offsets: str = "point"
             ) -> tuple[str, dt.datetime | None, dt.datetime | None, str | None]:
    """(kind, start, end, mod) of a duration read against the anchor ``a``.

    ``offsets`` is how "N units ago / later" (两天前, 三周后) is read: "point" (news default: the
    one day, month… N units away; 两周前 = that day), "span" (the whole stretch between the
    anchor's unit and it: 两天前 = the two days before today, as Duckling reads it) or "unit"
    (the point at the unit's own grain: 三周后 = that whole week, as JioNLP reads it).
    """
    parts = f["dur"]
    g = effective_grain(f)
    weeks = set(parts) == {"W"}
    pre = f.get("span_prefix")
    if pre is not None:
        info = _PREFIX[pre]
        if info["kind"] == "span_units":
            n = round(sum(parts.values()))
            if weeks:
                mon = dt.datetime(a.year, a.month, a.day) - D(days=a.weekday())
                if info["sign"] < 0:
                    return "span", mon - D(weeks=n), mon, None
                return "span", mon + D(weeks=1), mon + D(weeks=n + 1), None
            base = floor(a, g)
            if info["sign"] < 0:
                return "span", step(base, g, -n), base, None
            return "span", step(base, g, 1), step(base, g, n + 1), None
        if info["kind"] == "span_now":
            if info["sign"] < 0:
                s = shift(a, parts, -1)
                if g in ("month", "year"):
                    s = floor(s, "day")
                return "span", s, a, None
            return "span", a, shift(a, parts, 1), None
        # 再过 N: from then on
        t = shift(a, parts, 1)
        return "after", floor(t, g if g in ("year", "month", "day") else "second"), None, "AFTER"
    word = f.get("direction")
    if word is None:
        return "none", None, None, None
    info = _DIRS[word]
    kind = info["kind"]
    if offsets == "span" and kind == "point" and len(parts) == 1:
        n = next(iter(parts.values()))
        if n == int(n) and not f.get("approx"):
            return ("span", *_stretch(a, "week" if weeks else g, int(n), info["sign"]), None)
    t = shift(a, parts, info["sign"])
    if weeks and offsets == "unit" and kind == "point":
        mon = floor(t, "day") - D(days=t.weekday())
        return "span", mon, mon + D(weeks=1), None
    if weeks:
        g = "day"
    s = floor(t, g)
    e = step(s, g)
    if kind == "point":
        return "point", s, e, None
    if kind == "before":
        return "before", None, e, "BEFORE"
    if kind == "after":
        return "after", s, None, "AFTER"
    if kind == "since":
        return "since", s, a, "SINCE"
    return "within", a, e, "WITHIN"
