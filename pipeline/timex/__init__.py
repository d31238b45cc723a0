"""Temporal tagger for Chinese news (Traditional and Simplified, matched on the normalized text).

    extract(text, anchor, tz="Asia/Shanghai", prefer="past") -> list[Timex]

Policies (keyword arguments of ``extract``; the defaults are the news reading):

- ``prefer``: "past" (news: a bare 19日 / 周五 is the most recent one), "future", or "current"
  (the one in the anchor's own week / month / year).
- ``bare_time``: "keep" leaves a clock time with no date in the text as XXXX-XX-XXThh:mm;
  "resolve" puts it on the anchor's date by policy.
- ``region``: "CN", "TW", "HK" or "MO": whose holidays a name means (國慶 is 10-10 in Taiwan).
  None (default) derives it from ``tz`` (Asia/Taipei -> TW; see ``REGION_BY_TZ``).
- ``weeks``: "calendar" (default: 上周三 / 下周三 are in the calendar week before / after the
  anchor's, Monday first) or "occurrence" (这周X = the first X on or after today, 下周X = the first
  after today, 上周X = the last before today: Duckling's reading).
- ``offsets``: how "N units ago / later" reads: "point" (default: 两周前 is the one day two
  weeks back, which is how a news report dates an event), "span" (the whole stretch: 两天前 =
  the two days before today) or "unit" (a point at the unit's grain: 三周后 = that week).
- ``day_parts``: "news" (default) or a convention named in parts_of_day.yaml ("jionlp": 早上 =
  06-10 instead of 04-12).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.normalize import normalize
from pipeline.timex import calendars as cal
from pipeline.timex import durations as dur
from pipeline.timex.combine import Expr, group
from pipeline.timex.interpret import RANK, coarsest_rank
from pipeline.timex.lexer import ZON
from pipeline.timex.lexicon import alternation
from pipeline.timex.resolve import (
    POD_CONVENTIONS,
    READS_PREV,
    Ctx,
    Unresolved,
    resolve_point,
)

__all__ = ["TIMEX_COLUMNS", "Timex", "extract", "extract_normalized", "timex_rows"]

#: the columns of the ``timexes`` table (pipeline/schema.py) except doc_id
TIMEX_COLUMNS = ("start", "end", "text", "type", "value", "tz", "anchor", "mod", "confidence")
_PLACES = ZON["places"]
_PLACE_RE = re.compile(alternation(_PLACES))
_PLACE_WINDOW = 300  # how far back 当地时间 looks for the place it refers to
_ISO = "%Y-%m-%dT%H:%M:%S"
_DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class Timex:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    tz: str
    anchor: str  # document | previous | explicit
    confidence: float
    mod: str | None = None
    interval: tuple[str | None, str | None] | None = None  # anchored [start, end), local clock

    def row(self) -> dict:
        """The ``timexes`` row (TIMEX_COLUMNS, without doc_id)."""
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value, "tz": self.tz, "anchor": self.anchor, "mod": self.mod,
                "confidence": self.confidence}


def _local_anchor(anchor: dt.datetime | None, tz: str) -> dt.datetime | None:
    if anchor is None:
        return None
    if type(anchor) is dt.datetime and anchor.tzinfo is None and not anchor.microsecond:
        return anchor  # already what ``replace`` below makes (datetimes are immutable)
    if anchor.tzinfo is not None:
        anchor = anchor.astimezone(ZoneInfo(tz))
    return anchor.replace(tzinfo=None, microsecond=0)


#: the region a document's clock implies, for regional holiday names
REGION_BY_TZ = {"Asia/Taipei": "TW", "Asia/Hong_Kong": "HK", "Asia/Macau": "MO",
                "Asia/Shanghai": "CN", "Asia/Chongqing": "CN", "Asia/Urumqi": "CN"}
_POLICIES = {
    "prefer": ("past", "future", "current"),
    "bare_time": ("keep", "resolve"),
    "weeks": ("calendar", "occurrence"),
    "offsets": ("point", "span", "unit"),
    "region": (None, "CN", "TW", "HK", "MO"),
    "day_parts": ("news", *POD_CONVENTIONS),
}


def extract(text: str, anchor: dt.datetime | None, tz: str = "Asia/Shanghai",
            prefer: str = "past", bare_time: str = "keep", *, region: str | None = None,
            weeks: str = "calendar", offsets: str = "point",
            day_parts: str = "news") -> list[Timex]:
    """Time expressions of ``text`` (any script), offsets into ``text``."""
    return extract_normalized(normalize(text).text, text, anchor, tz, prefer, bare_time,
                              region=region, weeks=weeks, offsets=offsets, day_parts=day_parts)


_CHECKED: set[tuple] = set()  # the policy tuples ``_check`` accepted


def _check(policies: tuple) -> None:
    """Raise ValueError for a policy out of its choices; else remember the tuple as valid."""
    for name, value in zip(("prefer", "bare_time", "weeks", "offsets", "region", "day_parts"),
                           policies, strict=True):
        if value not in _POLICIES[name]:
            raise ValueError(f"{name} must be one of {_POLICIES[name]}, not {value!r}")
    _CHECKED.add(policies)


def extract_normalized(norm_text: str, original_text: str, anchor: dt.datetime | None,
                       tz: str = "Asia/Shanghai", prefer: str = "past",
                       bare_time: str = "keep", *, region: str | None = None,
                       weeks: str = "calendar", offsets: str = "point",
                       day_parts: str = "news") -> list[Timex]:
    """As ``extract`` for a text already normalized (same length as the original)."""
    if len(norm_text) != len(original_text):
        raise ValueError("normalized text must be character-aligned with the original")
    policies = (prefer, bare_time, weeks, offsets, region, day_parts)
    try:
        known = policies in _CHECKED  # each set of policies is checked once, not per document
    except TypeError:  # an unhashable value is none of the choices: ``_check`` says which
        known = False
    if not known:
        _check(policies)
    a = _local_anchor(anchor, tz)
    ctx = Ctx(a, prefer, bare_time, region=region or REGION_BY_TZ.get(tz), weeks=weeks,
              offsets=offsets, day_parts=day_parts)
    pivot = a.year if a else 2030
    # everything an expression's reading depends on besides its fields, its zone and ctx.prev
    # (a datetime's fold is not part of its equality)
    reading = (a, a.fold if a else 0, tz, prefer, bare_time, ctx.region, weeks, offsets,
               day_parts)
    memo = _READINGS.of(reading)
    free = _READINGS.of((_ANCHOR_FREE, tz))
    out: list[Timex] = []
    for e in group(norm_text, pivot):
        t = _timex(e, ctx, memo, free, norm_text, original_text, tz)
        if t is not None:
            out.append(t)
    _pair_clocks(out, norm_text)
    return out


# Readings of expressions, remembered: news repeats the same ones (今年, 目前, 当天, 1月5日)
# under the same anchor. Per reading context (anchor, zone and policies), the key is the rest
# of what ``_to_timex`` reads: the zone, the expression's fields and modifiers (and its range
# end's), and ``ctx.prev`` when the fields make resolve_point read it. The value is the
# Timex's fields but the span, and what the reading left in ``ctx.prev`` (_KEEP: nothing).
class _Readings:
    """The readings remembered, per reading context; all are forgotten beyond ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.by_context: dict[tuple, dict[tuple, tuple]] = {}

    def of(self, context: tuple) -> dict[tuple, tuple]:
        if self.size >= self.limit:
            self.by_context.clear()
            self.size = 0
        memo = self.by_context.get(context)
        if memo is None:
            memo = self.by_context[context] = {}
        return memo


_READINGS = _Readings(100_000)
_KEEP = object()
_ANCHOR_FREE = object()  # the context of the readings shared by every anchor and policy
# a date spelled from its year down (2019年, 2019年3月, 2019-03-05); the marks only say how
_SPELLED = frozenset((frozenset(("y",)), frozenset(("y", "m")), frozenset(("y", "m", "d"))))
_SPELLING_MARKS = frozenset(("yshort", "explicit"))


def _anchor_free(e: Expr) -> bool:
    """Is ``e`` read without its anchor, policies and what came before (only what it left in
    ``ctx.prev`` is remembered, and that is its own date)? A set, a range of lengths, a
    duration not counted from the anchor (the first branches of ``_to_timex`` and
    ``_duration``), or a date spelled from its year down with no modifier (resolve_point reads
    no ``ctx`` for it). Such readings are remembered once per zone, not once per anchor."""
    f = e.f
    if e.mods.get("set") or "set" in f:
        return True
    if "dur" in f:
        return bool(e.right is not None or f.get("dur_unknown")
                    or (f.get("direction") is None and f.get("span_prefix") is None))
    return e.right is None and not e.mods and frozenset(f) - _SPELLING_MARKS in _SPELLED


def _frozen(d: dict[str, Any]) -> tuple:
    """``tuple(d.items())`` with each dict value frozen the same way: a hashable key."""
    return tuple([(k, _frozen(v)) if type(v) is dict else (k, v) for k, v in d.items()])


def _timex(e: Expr, ctx: Ctx, memo: dict[tuple, tuple], free: dict[tuple, tuple], norm: str,
           orig: str, doc_tz: str) -> Timex | None:
    """``_to_timex``, remembered in ``memo`` (the readings of this context) or, for a reading
    that no anchor changes, in ``free`` (those of every context in this zone)."""
    f, right = e.f, e.right
    zone, named = _zone(e, norm, doc_tz) if "tz" in f or "tzlocal" in f else (doc_tz, False)
    prev = ctx.prev if not READS_PREV.isdisjoint(f) or (
        right is not None and not READS_PREV.isdisjoint(right.f)) else None
    # a duration's parts and a sub-period's fields are dicts: freezing them up front is the
    # same key as the fallback below makes, without raising (and catching) an error each time
    key = (zone, named, _frozen(f) if "dur" in f or "sub" in f else tuple(f.items()),
           tuple(e.mods.items()), None if right is None else tuple(right.f.items()), prev)
    try:
        got = memo.get(key)
    except TypeError:  # some other field holds a dict: freeze it too
        key = (zone, named, _frozen(f), _frozen(e.mods),
               None if right is None else _frozen(right.f), prev)
        got = memo.get(key)
    shared = got is None and _anchor_free(e)
    if shared:
        got = free.get(key)
        if got is not None:
            _READINGS.size += 1
            memo[key] = got
    if got is None:
        writes = ctx.writes
        try:
            t = _to_timex(e, ctx, orig, zone, named)
        except (ValueError, OverflowError):
            # calendar arithmetic out of range (首2021年 read as 2021 years back): keep the span,
            # admit the value is unknown, and never lose the document's other expressions
            t = Timex(orig[e.start:e.end], e.start, e.end,
                      "DURATION" if "dur" in e.f else "DATE", None, doc_tz, "explicit", 0.1)
        _READINGS.size += 1
        memo[key] = got = (
            None if t is None else (t.type, t.value, t.tz, t.anchor, t.confidence, t.mod,
                                    t.interval),
            ctx.prev if ctx.writes != writes else _KEEP)
        if shared:
            _READINGS.size += 1
            free[key] = got
        return t
    fields, prev_after = got
    if prev_after is not _KEEP:
        ctx.prev = prev_after
    if fields is None:
        return None
    return Timex(orig[e.start:e.end], e.start, e.end, *fields)


def _zone(e: Expr, norm: str, doc_tz: str) -> tuple[str, bool]:
    """(IANA zone, named in the text?) for an expression."""
    if "tz" in e.f:
        return e.f["tz"], True
    if e.f.get("tzlocal"):
        last = None
        for m in _PLACE_RE.finditer(norm, max(0, e.start - _PLACE_WINDOW), e.start):
            last = m
        if last is not None:
            return _PLACES[last.group()], True
    return doc_tz, False


def _fmt(d: dt.datetime | None) -> str | None:
    if d is None:
        return None
    if type(d) is dt.datetime and d.year >= 1000 and not d.microsecond and d.tzinfo is None:
        return cal.iso(d)  # the same text as strftime(_ISO), remembered
    return d.strftime(_ISO)


def _offset(zone: str, when: dt.datetime) -> str:
    off = when.replace(tzinfo=ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    return f"{sign}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"


def _to_timex(e: Expr, ctx: Ctx, orig: str, zone: str, named: bool) -> Timex | None:
    f = e.f
    text = orig[e.start:e.end]
    if e.mods.get("set") or "set" in f:
        return Timex(text, e.start, e.end, "SET", _set_value(f, ctx), zone, "explicit", 0.8)
    if "dur" in f:
        return _duration(e, ctx, text, zone)
    try:
        if e.right is not None:
            return _range(e, ctx, text, zone)
        p = resolve_point(f, ctx)
    except Unresolved:
        return _unresolved(e, text, zone)
    if p.date is not None and "now" not in f:
        ctx.remember(p.date)
    value = p.value
    if named and p.typ == "TIME" and not value.startswith("X"):
        value += _offset(zone, p.start)
    s, en, mod = p.start, p.end, p.mod
    m = e.mods
    A = ctx.anchor
    if m.get("before") and A is not None:
        mod = "BEFORE"
        s, en = (A, en) if en is not None and en > A else (None, s)
    elif m.get("after"):
        mod, en = "AFTER", None
    elif m.get("since") and A is not None:
        mod, en = "SINCE", A
    elif m.get("from") and A is not None:
        mod = "ON_OR_AFTER"
        en = A if s is not None and s < A else None
    elif m.get("within"):
        mod = mod or "WITHIN"  # 2024年内: within the period itself
    elif m.get("approx"):
        mod = mod or "APPROX"
    conf = 0.95 if p.anchor_kind == "explicit" else 0.9
    if value.startswith("XXXX-XX-XXT"):
        conf = 0.7
    return Timex(text, e.start, e.end, p.typ, value, zone, p.anchor_kind, conf, mod,
                 (_fmt(s), _fmt(en)) if (s or en) else None)


def _unresolved(e: Expr, text: str, zone: str) -> Timex:
    f = e.f
    parts = []
    y = f.get("y")
    parts.append(f"{y:04d}" if y else "XXXX")
    if "m" in f or "d" in f:
        parts.append(f"{f['m']:02d}" if "m" in f else "XX")
    if "d" in f:
        parts.append(f"{f['d']:02d}")
    v = "-".join(parts)
    typ = "DATE"
    if "h" in f:
        v += f"T{f['h'] % 24:02d}:{f.get('mi') or 0:02d}"
        typ = "TIME"
    return Timex(text, e.start, e.end, typ, v, zone, "document", 0.5)


def _duration(e: Expr, ctx: Ctx, text: str, zone: str) -> Timex:
    f = e.f
    value = dur.iso_value(f)
    A = ctx.anchor
    if e.right is not None:  # 3~6个月: a range of lengths
        return Timex(text, e.start, e.end, "DURATION", None, zone, "explicit", 0.6, "APPROX")
    unanchored = f.get("direction") is None and f.get("span_prefix") is None
    if A is None or unanchored or f.get("dur_unknown"):
        return Timex(text, e.start, e.end, "DURATION", value, zone, "explicit", 0.9,
                     "APPROX" if f.get("approx") else None)
    kind, s, en, mod = dur.anchored(f, A, ctx.offsets)
    interval = (_fmt(s), _fmt(en))
    g = dur.effective_grain(f)
    if kind == "point" and g in ("year", "month", "day"):
        ctx.remember(s.date())
        v = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[g]
        return Timex(text, e.start, e.end, "DATE", s.strftime(v), zone, "document", 0.85, None,
                     interval)
    if kind == "span":
        typ = "DATE" if g in ("year", "month", "day") else "TIME"
        return Timex(text, e.start, e.end, typ, f"{_fmt(s)}/{_fmt(en)}", zone, "document", 0.8,
                     None, interval)
    # sub-day offsets (4分钟后) are usually counted from a narrated event, not the document
    return Timex(text, e.start, e.end, "DURATION", value, zone, "document", 0.8, mod, interval)


_INHERIT = ("y", "y_rel", "y_ana", "m", "m_rel", "m_ana", "lunar", "lunar_marker", "d", "d_rel",
            "d_ana", "wk", "pod", "tz")
_ORDER = ["y", "m", "d", "h"]


def _range(e: Expr, ctx: Ctx, text: str, zone: str) -> Timex:
    lf, rf = dict(e.f), dict(e.right.f)
    if "barenum" in lf:  # 2至3日, 9~12点半: the bare number takes the unit of the right side
        n = lf.pop("barenum")
        key = next((k for k in _ORDER if k in rf), None)
        if key is None:
            raise Unresolved
        rank = RANK[key]
        lf.update({k: v for k, v in rf.items() if RANK.get(k, 99) < rank and k not in lf})
        lf[key] = int(n)
        if key == "y" and n < 100:
            lf[key] = int(n) + (rf["y"] // 100) * 100
    cr = coarsest_rank(rf)
    for k in _INHERIT:
        if k in lf and k not in rf and RANK.get(k, 99) < cr:
            rf[k] = lf[k]
    pl = resolve_point(lf, ctx)
    if pl.date is not None:
        ctx.remember(pl.date)
    pr = resolve_point(rf, ctx)
    if pr.date is not None:
        ctx.remember(pr.date)
    s = pl.start
    end = pr.start if (pr.grain == "hour" and "h" in rf) or "now" in rf else pr.end
    if s is not None and end is not None and end <= s and "h" in rf and "d" not in rf:
        end += _DAY
    kind = pl.anchor_kind if pl.anchor_kind != "explicit" else pr.anchor_kind
    return Timex(text, e.start, e.end, pl.typ, f"{pl.value}/{pr.value}", zone, kind, 0.85,
                 None, (_fmt(s), _fmt(end)))


def _set_value(f, ctx: Ctx) -> str:
    if "wd" in f:
        v = f"XXXX-WXX-{f['wd'] + 1}"
    elif "m" in f and "d" in f:
        v = f"XXXX-{f['m']:02d}-{f['d']:02d}"
    elif "d" in f:
        v = f"XXXX-XX-{f['d']:02d}"
    elif "m" in f:
        v = f"XXXX-{f['m']:02d}"
    else:
        unit = f.get("set", "每")[1:]
        return {"年": "P1Y", "月": "P1M", "周": "P1W", "星期": "P1W", "礼拜": "P1W", "天": "P1D",
                "日": "P1D", "晚": "P1D", "小时": "PT1H"}.get(unit, "SET")
    if "h" in f:
        v += f"T{f['h'] % 24:02d}:{f.get('mi') or 0:02d}" if "pod" not in f else ""
    return v


def _pair_clocks(out: list[Timex], norm: str) -> None:
    """倫敦時間20點(北京時間次日4點): one instant on two clocks; date the dateless side."""
    for a, b in itertools.pairwise(out):
        if a.type != "TIME" or b.type != "TIME" \
                or norm[a.end:b.start] not in ("(", "（", "，", ",", " (", "/"):
            continue
        for x, y in ((a, b), (b, a)):
            if x.value and x.value.startswith("XXXX-XX-XXT") and y.value \
                    and not y.value.startswith("X") \
                    and len(y.value) >= 16 and x.tz != y.tz:
                inst = dt.datetime.fromisoformat(y.value[:16]).replace(tzinfo=ZoneInfo(y.tz))
                loc = inst.astimezone(ZoneInfo(x.tz))
                if loc.strftime("%H:%M") == x.value[11:16]:
                    x.value = (loc.strftime("%Y-%m-%dT%H:%M")
                               + _offset(x.tz, loc.replace(tzinfo=None)))
                    x.anchor = "previous"


# the spaCy component (registers factory ``zhnews_timex``); imported last: it uses the above
from pipeline.timex.component import timex_rows  # noqa: E402
