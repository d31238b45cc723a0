"""Turn an expression's fields into a TIMEX3 type/value and an anchored interval.

Conventions: intervals are [start, end) naive datetimes in the expression's clock; a value
keeps X for what neither the text nor the anchor determines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pipeline.timex import calendars as cal
from pipeline.timex.interpret import POD_TABLE
from pipeline.timex.lexer import CAL, HOL, LEX

D = cal.delta  # dt.timedelta, remembered
POD_CONVENTIONS = LEX.parts_of_day.get("conventions") or {}
_YP = CAL["year_parts"]
_MP = CAL["month_parts"]
_ERA = CAL["era_parts"]
_GRAIN_ORDER = ["century", "decade", "year", "half", "quarter", "month", "week", "day", "pod",
                "hour", "minute", "second"]


class Unresolved(Exception):
    """The expression needs an anchor it does not have."""


#: the fields whose resolution reads ``Ctx.prev`` (resolve_point); any other expression's
#: reading does not depend on the expressions before it
READS_PREV = frozenset(("y_ana", "m_ana", "d_ana"))


@dataclass
class Ctx:
    anchor: dt.datetime | None
    prefer: str  # past | future | current
    bare_time: str  # keep | resolve
    prev: dt.date | None = None
    region: str | None = None  # CN | TW | HK | MO: which regional holiday rules apply
    weeks: str = "calendar"  # calendar | occurrence (这周一/下周三 read as Duckling does)
    offsets: str = "point"  # point | span | unit: how 两天前 / 三周后 are read (durations.py)
    day_parts: str = "news"  # news | a convention of parts_of_day.yaml (hours of 早上…)
    writes: int = 0  # how many times ``remember`` was called

    def remember(self, day: dt.date) -> None:
        """The date that anaphora after this point (次日, 当月) count from."""
        self.prev = day
        self.writes += 1


@dataclass
class Point:
    typ: str
    value: str
    start: dt.datetime | None
    end: dt.datetime | None
    grain: str
    anchor_kind: str
    mod: str | None = None
    date: dt.date | None = None


def _base(ctx: Ctx) -> dt.date:
    if ctx.anchor is None:
        raise Unresolved
    return ctx.anchor.date()


def _pick_year(ctx: Ctx, make, ref: dt.date) -> int:
    """Year for a month/day/holiday without one, by the resolution policy."""
    y = ref.year
    if ctx.prefer == "current":
        return y
    # make(year) -> (date or None, year) or None: 2月30日 exists in no year, 2月29日 in some
    cands = [r for r in (make(y - 1), make(y), make(y + 1)) if r is not None and r[0] is not None]
    if ctx.prefer == "future":
        for c, yy in cands:
            if c >= ref:
                return yy
    else:
        for c, yy in reversed(cands):
            if c <= ref:
                return yy
    return y


def resolve_point(f: dict[str, Any], ctx: Ctx) -> Point:
    anchor_kind = "explicit"
    A = ctx.anchor
    if f.get("now"):
        if A is None:
            raise Unresolved
        return Point("DATE", "PRESENT_REF", A, A, "second", "document")
    Y = f.get("y")
    M = f.get("m")
    day: dt.date | None = None
    lunar = bool(f.get("lunar") or f.get("lunar_marker"))
    grain = None
    start = end = None
    mod = None
    if "y_rel" in f:
        Y = _base(ctx).year + f["y_rel"]
        anchor_kind = "document"
    elif "y_ana" in f:
        ref = ctx.prev or _base(ctx)
        anchor_kind = "previous" if ctx.prev else "document"
        Y = ref.year + f["y_ana"]
    if "decade" in f or "century" in f:
        return _era(f, ctx)
    if Y is not None:
        grain = "year"
    if "m_rel" in f or "m_ana" in f:
        if "m_rel" in f:
            ref = _base(ctx)
            anchor_kind = "document"
        else:
            ref = ctx.prev or _base(ctx)
            anchor_kind = "previous" if ctx.prev else "document"
        first = cal.add_months(ref.replace(day=1), f.get("m_rel", f.get("m_ana", 0)))
        Y, M = first.year, first.month
        grain = "month"
    elif M is not None:
        grain = "month"
    # ---- day level
    if "d_rel" in f:
        day = _base(ctx) + D(days=f["d_rel"])
        anchor_kind = "document"
    elif "d_ana" in f:
        ref = ctx.prev or _base(ctx)
        anchor_kind = "previous" if ctx.prev else "document"
        day = ref + D(days=f["d_ana"])
    elif "holiday" in f:
        hkey = cal.holiday_key(f["holiday"], ctx.region)
        day, ndays, anchor_kind = _holiday(hkey, Y, ctx, anchor_kind)
        grain = "day"
        if ndays > 1:
            start = dt.datetime.combine(day, dt.time())
            end = start + D(days=ndays)
            grain = "days"
        rule = cal.holiday_rule(hkey)
        if "time" in rule:
            h1, m1 = map(int, rule["time"][0].split(":"))
            h2, m2 = map(int, rule["time"][1].split(":"))
            start = dt.datetime.combine(day, dt.time(h1, m1))
            end = dt.datetime.combine(day, dt.time(h2, m2)) + D(minutes=1)
            grain = "span"
    elif "solarterm" in f:
        if Y is None:
            Y = _base(ctx).year
            anchor_kind = "document"
        day = cal.solar_term(Y, f["solarterm"])
    elif "season" in f:
        if Y is None:
            Y = _base(ctx).year
            anchor_kind = "document"
        a, b = HOL["seasons"][f["season"]]
        s = cal.solar_term(Y, a)
        e = cal.solar_term(Y + (b == "立春"), b)
        code = _SEASON_CODE[f["season"]]
        return Point("DATE", f"{Y}-{code}", _dt(s), _dt(e), "season", anchor_kind)
    elif ("wk" in f or "wd" in f or "weekend" in f or "nth_wd" in f) and "d" not in f:
        if "nth_wd" in f and M is not None:
            if Y is None:
                n, wd = f["nth_wd"]
                Y = _pick_year(ctx, lambda y: (cal.nth_weekday(y, M, wd, n), y), _base(ctx))
                anchor_kind = "document"
            day = cal.nth_weekday(Y, M, f["nth_wd"][1], f["nth_wd"][0])
        else:
            base = _base(ctx)
            anchor_kind = "document"
            monday = base - D(days=base.weekday())
            if "wk" in f:
                monday += D(weeks=f["wk"])
                if "wd" not in f and "weekend" not in f:
                    s = _dt(monday)
                    iso = monday.isocalendar()
                    return Point("DATE", f"{iso[0]}-W{iso[1]:02d}", s, s + D(days=7), "week",
                                 anchor_kind)
            if "weekend" in f:
                # Friday evening to Monday 00:00, as the suites of record do
                s = _dt(monday + D(days=4)) + D(hours=18)
                iso = monday.isocalendar()
                return Point("DATE", f"{iso[0]}-W{iso[1]:02d}-WE", s, _dt(monday + D(days=7)),
                             "weekend", anchor_kind)
            wd = f["wd"]
            if "wk" in f and ctx.weeks == "occurrence":
                day = _occurrence(base, wd, f["wk"])
            elif "wk" in f or ctx.prefer == "current":
                day = monday + D(days=wd)
            elif ctx.prefer == "future":
                day = base + D(days=(wd - base.weekday()) % 7 or 7)
            else:
                day = base - D(days=(base.weekday() - wd) % 7)
    elif "ordinal" in f:
        n, unit = f["ordinal"]
        if unit == "天":
            if Y is not None and M is None:
                day = dt.date(Y, 1, 1) + D(days=n - 1)
            elif Y is not None and M is not None:
                day = dt.date(Y, M, 1) + D(days=n - 1)
            else:
                day = _base(ctx) + D(days=n - 1)
                anchor_kind = "document"
        elif unit == "年":
            Y = _base(ctx).year + n - 1
            anchor_kind = "document"
            grain = "year"
        elif unit == "月" and Y is not None:
            M = n
            grain = "month"
        elif unit == "周":
            if Y is None:
                Y = _base(ctx).year
            first = cal.nth_weekday(Y, M or 1, 0, 1)
            s = first + D(weeks=n - 1)
            iso = s.isocalendar()
            return Point("DATE", f"{iso[0]}-W{iso[1]:02d}", _dt(s), _dt(s + D(days=7)), "week",
                         anchor_kind)
    elif "d" in f:
        d = f["d"]
        if lunar:
            day, anchor_kind = _lunar_day(Y, M, d, f.get("leap", False), ctx, anchor_kind)
        else:
            if M is None:
                base = _base(ctx)
                anchor_kind = "document"
                cands = []
                for k in (-1, 0, 1):  # the month before the anchor's, its own, the next
                    y, m = divmod(base.year * 12 + base.month - 1 + k, 12)
                    # every month has 28 days: only a later day asks the month's length
                    if d <= 28 or d <= cal.month_days(y, m + 1):
                        cands.append(dt.date(y, m + 1, d))
                day = _choose(cands, base, ctx)
            else:
                if Y is None and "wd" in f:
                    # 周日, 二月十号: the year in which that date is that weekday
                    by = _base(ctx).year
                    Y = next((y for y in (by, by - 1, by + 1)
                              if (c := _safe_date(y, M, d)) and c.weekday() == f["wd"]), None)
                if Y is None:
                    Y = _pick_year(ctx, lambda y: (_safe_date(y, M, d), y), _base(ctx))
                    anchor_kind = "document"
                day = _safe_date(Y, M, d)
                if day is None:
                    raise Unresolved
    if day is not None:
        grain = "day" if grain not in ("days", "span") else grain
    # ---- quarter / half / year parts / month parts / sub-periods
    if day is None and start is None:
        p = _period(f, Y, M, lunar, ctx, anchor_kind)
        if p is not None:
            return p
    # ---- clock
    has_clock = "h" in f
    if not has_clock and "pod" not in f:
        if day is None:
            raise Unresolved
        if start is None:
            start = _dt(day)
            end = start + D(days=1)
        return Point("DATE", cal.iso(day), start, end, grain or "day", anchor_kind, mod, day)
    pod = f.get("pod")
    if not has_clock:
        info = POD_TABLE[pod]
        if ctx.day_parts != "news":
            info = {**info, **(POD_CONVENTIONS[ctx.day_parts].get(pod) or {})}
        if day is None:
            if ctx.bare_time == "keep" or ctx.anchor is None:
                return Point("TIME", f"XXXX-XX-XXT{info['code']}", None, None, "pod", "explicit")
            day = _base(ctx)
            anchor_kind = "document"
        s = _dt(day) + D(hours=info["start"])
        return Point("DATE", f"{cal.iso(day)}T{info['code']}", s,
                     _dt(day) + D(hours=info["end"]), "pod", anchor_kind, None, day)
    h, mi, sec = f["h"], f.get("mi"), f.get("s")
    h = _apply_pod(h, pod, f.get("ampm_fixed", False))
    cgrain = "second" if sec is not None else "minute" if mi is not None else "hour"
    if day is None:
        if ctx.bare_time == "keep" or ctx.anchor is None:
            hh = h % 24
            v = f"XXXX-XX-XXT{hh:02d}:{mi or 0:02d}" + (f":{sec:02d}" if sec is not None else "")
            return Point("TIME", v, None, None, cgrain, "explicit")
        day, h = _clock_day(h, mi or 0, pod, f.get("ampm_fixed", False), ctx)
        anchor_kind = "document"
    s = _dt(day) + D(hours=h, minutes=mi or 0, seconds=sec or 0)
    step = {"hour": D(hours=1), "minute": D(minutes=1), "second": D(seconds=1)}[cgrain]
    v = (cal.iso(s, minutes=True) if s.year >= 1000 else s.strftime("%Y-%m-%dT%H:%M")) \
        + (f":{s.second:02d}" if sec is not None else "")
    return Point("TIME", v, s, s + step, cgrain, anchor_kind, None, s.date())


_SEASON_CODE = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}


def _occurrence(base: dt.date, wd: int, wk: int) -> dt.date:
    """weeks="occurrence": 这周X = the first X on or after the anchor's day, 下周X the first
    after it, 上周X the last before it; 下下/上上 one more week on."""
    if wk == 0:
        return base + D(days=(wd - base.weekday()) % 7)
    if wk > 0:
        return base + D(days=((wd - base.weekday()) % 7 or 7) + 7 * (wk - 1))
    return base - D(days=((base.weekday() - wd) % 7 or 7) + 7 * (-wk - 1))


def _dt(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _choose(cands: list[dt.date], base: dt.date, ctx: Ctx) -> dt.date:
    if ctx.prefer == "current":
        for c in cands:
            if c.month == base.month:
                return c
    if ctx.prefer == "future":
        return min((c for c in cands if c >= base), default=cands[-1])
    return max((c for c in cands if c <= base), default=cands[0])


def _apply_pod(h: int, pod: str | None, fixed: bool) -> int:
    if pod is None or fixed:
        return h
    rule = POD_TABLE[pod]["clock"]
    if rule == "pm" and 1 <= h < 12:
        return h + 12
    if rule == "pm" and h == 12 and POD_TABLE[pod]["start"] >= 18:
        return 24
    if rule == "noon" and 1 <= h <= 5:
        return h + 12
    if rule == "night":
        if 6 <= h < 12:
            return h + 12
        if h == 12:
            return 24
    if rule == "am" and h == 12 and pod == "凌晨":
        return 0
    return h


def _clock_day(h: int, mi: int, pod: str | None, fixed: bool, ctx: Ctx) -> tuple[dt.date, int]:
    """Date (and 24-hour hour) of a clock time with no date, by policy."""
    A = ctx.anchor
    base = A.date()
    if ctx.prefer == "current":
        return base, h
    cands = []
    hours = [h] if (pod or fixed or h == 0 or h > 12) else [h, (h + 12) % 24]
    for k in (-1, 0, 1):
        for hh in hours:
            cands.append(dt.datetime.combine(base + D(days=k), dt.time()) + D(hours=hh, minutes=mi))
    if ctx.prefer == "future":
        c = min((c for c in cands if c >= A), default=cands[0])
    else:
        c = max((c for c in cands if c <= A), default=cands[0])
    return c.date(), c.hour


def _holiday(name: str, Y: int | None, ctx: Ctx, anchor_kind: str) -> tuple[dt.date, int, str]:
    rule = cal.holiday_rule(name)
    lunar = "lunar" in rule
    if Y is not None:
        if lunar:
            d = cal._lunar_rule(rule["lunar"], Y)
            if d is None:
                raise Unresolved
            return d, int(rule.get("days", 1)), anchor_kind
        r = cal.holiday_date(name, Y)
        if r is None:
            raise Unresolved
        return r[0], r[1], anchor_kind
    base = _base(ctx)
    if lunar and ctx.prefer == "current":
        d = cal._lunar_rule(rule["lunar"], base.year)
        if d is None:
            raise Unresolved
        return d, int(rule.get("days", 1)), "document"

    def make(y: int):
        r = cal.holiday_date(name, y)
        return (r[0], y) if r else None

    y = _pick_year(ctx, make, base)
    r = cal.holiday_date(name, y)
    if r is None:
        raise Unresolved
    return r[0], r[1], "document"


def _lunar_day(Y, M, d, leap, ctx: Ctx, anchor_kind: str):
    if M is None:
        raise Unresolved
    if Y is None:
        base = _base(ctx)
        ly = base.year if ctx.prefer == "current" else cal.lunar_year_of(base)
        if ctx.prefer != "current":
            def make(y):
                s = cal.lunar_to_solar(y, M, d, leap)
                return (s, y) if s else None
            cands = [c for c in (make(ly - 1), make(ly), make(ly + 1)) if c]
            if ctx.prefer == "future":
                ly = next((y for s, y in cands if s >= base), ly)
            else:
                ly = next((y for s, y in reversed(cands) if s <= base), ly)
        Y = ly
        anchor_kind = "document"
    day = cal.lunar_to_solar(Y, M, d, leap)
    if day is None:
        raise Unresolved
    return day, anchor_kind


def _period(f, Y, M, lunar, ctx: Ctx, anchor_kind: str) -> Point | None:
    """Years, months and their parts (quarters, halves, 年底, 上旬, first N months)."""
    if "q_rel" in f:
        base = _base(ctx)
        q0 = (base.month - 1) // 3 + f["q_rel"]
        Y, q = base.year + q0 // 4, q0 % 4 + 1
        return _quarter_point(Y, q, f, "document")
    if "q" in f or "qfirst" in f:
        if Y is None:
            Y = _base(ctx).year
            anchor_kind = "document"
        if "qfirst" in f:
            s = dt.datetime(Y, 1, 1)
            e = _dt(cal.add_months(s.date(), 3 * f["qfirst"]))
            return Point("DATE", f"{Y}", s, e, "span", anchor_kind, "START")
        return _quarter_point(Y, f["q"], f, anchor_kind)
    if M is None and "mpart" in f and Y is None:
        base = _base(ctx)
        Y, M = base.year, base.month
        anchor_kind = "document"
    if M is not None:
        if Y is None:
            if lunar:
                Y = _base(ctx).year if ctx.prefer == "current" else cal.lunar_year_of(_base(ctx))
            else:
                Y = _pick_year(ctx, lambda y: (dt.date(y, M, 1), y), _base(ctx).replace(day=1))
            anchor_kind = "document"
        if lunar:
            r = cal.lunar_month_range(Y, M, f.get("leap", False))
            if r is None:
                raise Unresolved
            return Point("DATE", f"{Y}-{M:02d}", _dt(r[0]), _dt(r[1]), "lunar_month", anchor_kind)
        s = dt.datetime(Y, M, 1)
        e = _dt(cal.add_months(s.date(), 1))
        value = f"{Y}-{M:02d}"
        mod = None
        if "mpart" in f:
            p = _MP[f["mpart"]]
            a, b = p["days"]
            last = cal.month_days(Y, M)
            s = dt.datetime(Y, M, min(a, last))
            e = dt.datetime(Y, M, min(b, last)) + D(days=1)
            mod = p["mod"]
        if "sub" in f:
            return _sub(f["sub"], s, e, value, anchor_kind)
        return Point("DATE", value, s, e, "month" if mod is None else "span", anchor_kind, mod)
    if Y is None and "ypart" in f:
        Y = _base(ctx).year
        anchor_kind = "document"
    if Y is not None:
        s = dt.datetime(Y, 1, 1)
        e = dt.datetime(Y + 1, 1, 1)
        value = str(Y)
        mod = None
        if "ypart" in f:
            p = _YP[f["ypart"]]
            a, b = p["months"]
            s = dt.datetime(Y, a, 1)
            e = _dt(cal.add_months(dt.date(Y, b, 1), 1))
            mod = p["mod"]
            if mod in ("H1", "H2") or mod in ("SU", "WI"):
                value, mod = f"{Y}-{mod}", None
        if "sub" in f:
            return _sub(f["sub"], s, e, value, anchor_kind)
        return Point("DATE", value, s, e, "year" if mod is None else "span", anchor_kind, mod)
    return None


def _quarter_point(Y: int, q: int, f, anchor_kind: str) -> Point:
    s = dt.datetime(Y, 3 * q - 2, 1)
    e = _dt(cal.add_months(s.date(), 3))
    mod = None
    if "mpart" in f:
        mod = _MP[f["mpart"]]["mod"]
        if mod == "START":
            e = _dt(cal.add_months(s.date(), 1))
        elif mod == "END":
            s = _dt(cal.add_months(s.date(), 2))
    return Point("DATE", f"{Y}-Q{q}", s, e, "quarter", anchor_kind, mod)


def _sub(sub: dict[str, Any], s: dt.datetime, e: dt.datetime, value: str,
         anchor_kind: str) -> Point:
    """The first / last N units of a period: 2022年前十一个月, 上月最后五天."""
    n, unit = _dur_units(sub)
    first = sub["span_prefix"] in ("前", "头", "首")
    if unit == "M":
        if first:
            e2 = _dt(cal.add_months(s.date(), int(n)))
            return Point("DATE", value, s, e2, "span", anchor_kind, "START")
        s2 = _dt(cal.add_months(e.date(), -int(n)))
        return Point("DATE", value, s2, e, "span", anchor_kind, "END")
    step = D(days=n if unit == "D" else 7 * n)
    if first:
        return Point("DATE", value, s, s + step, "span", anchor_kind, "START")
    return Point("DATE", value, e - step, e, "span", anchor_kind, "END")


def _dur_units(d: dict[str, Any]) -> tuple[float, str]:
    parts = d["dur"]
    if len(parts) != 1:
        return 0, "D"
    (k, v), = parts.items()
    if k == "Y":
        return v * 12, "M"
    return v, k


def _era(f, ctx: Ctx) -> Point:
    A = ctx.anchor
    anchor_kind = "explicit"
    if "decade" in f:
        dec = f["decade"]
        c = f.get("century")
        if c is None:
            if f.get("century_rel") == -1:
                if A is None:
                    raise Unresolved
                c = A.year // 100
                anchor_kind = "document"
            else:
                ref = A.year if A else 2000
                c = 20 if 1900 + dec + 100 > ref else 21
        y0 = (c - 1) * 100 + dec
        span = (0, 9)
        if "era_part" in f:
            span = tuple(_ERA["decade"][f["era_part"]])
        s, e = dt.datetime(y0 + span[0], 1, 1), dt.datetime(y0 + span[1] + 1, 1, 1)
        return Point("DATE", f"{y0 // 10:03d}", s, e, "decade", anchor_kind,
                     _era_mod(f.get("era_part")))
    c = f["century"]
    y0 = (c - 1) * 100
    span = (0, 99)
    if "era_part" in f:
        span = tuple(_ERA["century"][f["era_part"]])
    s, e = dt.datetime(y0 + span[0], 1, 1), dt.datetime(y0 + span[1] + 1, 1, 1)
    return Point("DATE", f"{y0 // 100:02d}", s, e, "century", anchor_kind,
                 _era_mod(f.get("era_part")))


def _era_mod(part: str | None) -> str | None:
    if part is None:
        return None
    starts = {"初": "START", "初期": "START", "前期": "START", "中": "MID", "中期": "MID"}
    return starts.get(part, "END")


def grain_of(p: Point) -> str:
    return p.grain
