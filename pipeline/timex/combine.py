"""Group atoms into expressions: adjacent compatible atoms merge (年 → 月 → 日 → 时段 → 钟点),
suffixes (年底, 以来, 前, 左右) and prefixes (每, 从) attach, and two expressions joined by
至/到/~ become a range."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.timex.first import first_class, max_width
from pipeline.timex.interpret import coarsest_rank, fields, finest_rank
from pipeline.timex.lexer import ATOMS, CAL, Atom, scan
from pipeline.timex.lexicon import LEX, alternation

_REJ = LEX.reject["clock"]
_REJ_BEFORE = (*tuple(_REJ["before"]), "第")
_REJ_AFTER = tuple(_REJ["after"])

_YEAR_PART = re.compile(alternation(CAL["year_parts"]))
_MONTH_PART = re.compile(alternation(CAL["month_parts"]))
_ERA_PART = re.compile(alternation(CAL["era_parts"]["decade"]))
_DIRS = LEX.units["directions"]
_DIR = re.compile(alternation(_DIRS))
_POINT_MOD = re.compile(r"以前|之前|以后|之后|以来|起|开始|左右|前后|许|前|后|止|内|以内")
_CONNECT = re.compile(r"\s?(?:起)?(?:至|到|~|～|-|－|—{1,2}|─{1,2})\s?")
_CONNECT_MAX = max_width(_CONNECT.pattern)  # the longest range connector
_SET_PREFIXES = ("每个", "每隔", "每")  # longest first
_FROM_PREFIXES = ("从", "自", "由")
_JOIN_GAPS = {"", "的", " "}
_MAX_JOIN_GAP = 2  # no gap longer than ", " ever joins two atoms (see _mergeable)
_SEASONS = set(LEX.holidays["seasons"])
_PREFIX_ONLY = frozenset(("tz", "tzlocal", "lunar_marker"))  # fields that only open a time


def _suffix_start() -> re.Pattern[str]:
    """The characters a suffix can start with: most expressions are followed by none of them,
    and skip ``_suffixes``."""
    classes = [first_class(p.pattern) for p in (_YEAR_PART, _MONTH_PART, _ERA_PART, _DIR,
                                                _POINT_MOD)]
    if None in classes:  # pragma: no cover - a suffix pattern with no bounded first character
        return re.compile("")
    return re.compile("[" + "".join(c[1:-1] for c in classes if c)
                      + "".join(map(re.escape, _SEASONS)) + "]")


_SUFFIX_START = _suffix_start()


@dataclass(slots=True)
class Expr:
    start: int
    end: int
    f: dict[str, Any]
    kinds: list[str] = field(default_factory=list)
    mods: dict[str, Any] = field(default_factory=dict)
    right: Expr | None = None  # the end of a range


def _mergeable(cur: Expr, f: dict[str, Any], gap: str, kind: str) -> bool:
    cf = cur.f
    if "dur" in cf or "barenum" in cf or "barenum" in f:
        return False
    if "dur" in f:
        # 2022年前两个月, 这个月前两天: the first/last N units of the period before
        return (gap == "" and f.get("span_prefix") in ("前", "头", "首", "后", "最后")
                and finest_rank(cf) <= 6 and "d" not in cf and "d_rel" not in cf)
    if "set" in cf and len(cf) == 1:
        return gap in ("", "的")
    if f.keys() == {"lunar_marker"}:
        return gap == ""
    if f.keys() == {"tz"} and "h" in cf and "tz" not in cf:
        return gap in ("", " ")  # 4pm CET: a zone after the clock time
    if cf.keys() <= _PREFIX_ONLY:
        return gap in ("", " ")
    if gap not in _JOIN_GAPS:
        if gap in (",", ", ", "，") and (cf.keys() <= {"wd", "wk"}):
            return "m" in f or "d" in f
        return bool(gap in ("-", "T") and "d" in cf and "h" in f and "d" not in f)
    if "wd" in f and f.keys() <= {"wd", "wk"} and ("d" in cf or "d_rel" in cf):
        return gap == ""  # 6月1日周六: the weekday repeats the date
    if cf.keys() <= {"wd", "wk"} and ("d" in f and "m" in f):
        return True
    if "now" in f or "now" in cf:
        return False
    if "ordinal" in f:
        return finest_rank(cf) <= 6
    if "nth_wd" in f:
        return finest_rank(cf) <= 6
    if "ordinal" in cf:
        return coarsest_rank(f) >= 8
    if "holiday" in cf and "holiday" in f:
        return False
    return coarsest_rank(f) > finest_rank(cf)


def _merge(cur: Expr, a: Atom, f: dict[str, Any]) -> None:
    if "dur" in f:
        cur.f["sub"] = dict(f)
    else:
        for k, v in f.items():
            if k in ("wd",) and ("d" in cur.f or "d_rel" in cur.f):
                continue
            cur.f.setdefault(k, v)
    cur.end = a.end
    cur.kinds.append(a.kind)


def _reject_clock(norm: str, a: Atom, f: dict[str, Any], prev: Expr | None) -> bool:
    """Numbers that read like clock times but are decimals, scores, temperatures..."""
    before = norm[max(0, a.start - 4):a.start]
    after = norm[a.end:a.end + 4]
    if before.endswith(_REJ_BEFORE) or after.startswith(_REJ_AFTER):
        return True
    has_ctx = prev is not None and prev.end == a.start and (
        "pod" in prev.f or "d" in prev.f or "d_rel" in prev.f or "d_ana" in prev.f
        or "holiday" in prev.f or "wd" in prev.f)
    has_ctx = has_ctx or "pod" in f
    if a.kind == "clock_cn":
        if f.get("decimal_like") and not has_ctx:
            return True
        if f.get("canto") and not has_ctx:
            return True
        if after[:1] and after[:1] in "0123456789零一二三四五六七八九十":
            return True
        txt = a.text.lstrip("早晚")
        if txt.startswith(("一点", "1点", "零点", "0点")) and not has_ctx \
                and not f.get("clock_marked") \
                and "mi" not in f:
            return True
    return False


_CLOCKS = frozenset(n for n, _ in ATOMS if n.startswith("clock"))
_CN_DAY_ONLY = frozenset(("d", "cn_day"))  # a Chinese-numeral day alone (一日之计): no date


def group(norm: str, pivot: int) -> list[Expr]:
    """Atoms of ``norm`` merged into expressions (ranges not yet joined)."""
    exprs: list[Expr] = []
    cur: Expr | None = None
    for a in scan(norm):
        kind, start, end, text = a  # unpacked once: cheaper than the tuple's named fields
        f = fields(kind, text, pivot)  # shared with other documents: read only
        if f is None:
            continue
        if kind in _CLOCKS and _reject_clock(norm, a, f, cur):
            continue
        if kind == "dt_md" and norm[max(0, start - 2):start].endswith(("比分", "以")):
            continue
        if cur is not None:
            if start - cur.end <= _MAX_JOIN_GAP \
                    and _mergeable(cur, f, norm[cur.end:start], kind):
                _merge(cur, a, f)
                continue
            exprs.append(cur)
        cur = Expr(start, end, dict(f), [kind])
    if cur is not None:
        exprs.append(cur)
    out = []
    suffix_at = _SUFFIX_START.match
    for e in exprs:
        if e.f.keys() <= _PREFIX_ONLY and "set" not in e.f:
            continue  # a zone name with no time after it
        if suffix_at(norm, e.end):
            _suffixes(norm, e)
        if e.start and norm[e.start - 1] in _PREFIX_LAST:
            _prefixes(norm, e)
        out.append(e)
    return [e for e in _ranges(norm, out) if e.f.keys() != _CN_DAY_ONLY]


def _suffixes(norm: str, e: Expr) -> None:
    f = e.f
    rest = norm[e.end:e.end + 4]
    fin = finest_rank(f)
    if "decade" in f or ("century" in f and fin <= 2):
        m = _ERA_PART.match(rest)
        if m:
            f["era_part"] = m.group()
            e.end += m.end()
            rest = norm[e.end:e.end + 4]
    elif fin == 3 and "dur" not in f and "ordinal" not in f:
        if rest[:1] in _SEASONS and rest[1:2] not in ("节", "天", "季"):
            f["season"] = rest[0]  # 2021年春
            e.end += 1
            return
        m = _YEAR_PART.match(rest)
        if m and not (m.group() in ("末", "底", "初") and rest[1:2] in ("年",)):
            f["ypart"] = m.group()
            e.end += m.end()
            rest = norm[e.end:e.end + 4]
    elif (fin == 6 or ("q" in f or "q_rel" in f)) and "dur" not in f and "sub" not in f:
        m = _MONTH_PART.match(rest)
        if m:
            f["mpart"] = m.group()
            e.end += m.end()
            rest = norm[e.end:e.end + 4]
    # a bare day or two-digit year followed by 后/前 is a duration: 三日后, 20年前
    if (set(f) - {"cn_day"} == {"d"} and e.kinds == ["day"]) \
            or (set(f) == {"y", "yshort"} and f["yshort"]):
        m = _DIR.match(rest)
        if m and e.kinds in (["day"], ["year"]):
            n = f.get("d") or (f["y"] % 100)
            grain = "day" if "d" in f else "year"
            e.f = f = {"dur": {"D" if grain == "day" else "Y": float(n)}, "grain": grain,
                       "dur_unknown": False, "approx": False, "span_prefix": None}
    if "dur" in f:
        m = _DIR.match(rest)
        # 沉默了两天后: "V了 N units 后" counts from the event, so it stays a plain duration
        if m and f.get("span_prefix") is None and norm[e.start - 1:e.start] != "了":
            f["direction"] = m.group()
            e.end += m.end()
        return
    m = _POINT_MOD.match(rest)
    if m:
        word = m.group()
        if word in ("左右", "前后", "许"):
            e.mods["approx"] = True
        elif word in ("以前", "之前", "前"):
            e.mods["before"] = True
        elif word in ("以后", "之后", "后"):
            if "y" in f and fin == 3 and not f.get("yshort") and word == "后" \
                    and rest[1:2] in "一二三四五六七八九两1234567890":
                return  # 二零二一年后三月 is handled as a sub-period
            e.mods["after"] = True
        elif word in ("以来",):
            e.mods["since"] = True
        elif word in ("起", "开始"):
            e.mods["from"] = True
        elif word in ("内", "以内"):
            e.mods["within"] = True
        elif word == "止":
            pass
        e.end += m.end()


_PREFIX_LAST = frozenset(p[-1] for p in _SET_PREFIXES + _FROM_PREFIXES)


def _prefixes(norm: str, e: Expr) -> None:
    before = norm[max(0, e.start - 2):e.start]
    for mod, words in (("set", _SET_PREFIXES), ("from_prefix", _FROM_PREFIXES)):
        for w in words:
            if before.endswith(w):
                e.mods[mod] = True
                e.start -= len(w)
                return


def _ranges(norm: str, exprs: list[Expr]) -> list[Expr]:
    out: list[Expr] = []
    i = 0
    while i < len(exprs):
        e = exprs[i]
        if i + 1 < len(exprs):
            nxt = exprs[i + 1]
            if nxt.start - e.end <= _CONNECT_MAX \
                    and _CONNECT.fullmatch(norm, e.end, nxt.start) and _rangeable(e, nxt):
                if "barenum" in e.f and out and out[-1].end == e.start \
                        and "barenum" not in out[-1].f:
                    ctx = out.pop()  # 2019年4月12-19日: the period before the number is context
                    e.f = {**ctx.f, **e.f}
                    e.start = ctx.start
                e.right = nxt
                e.end = nxt.end
                e.mods.update({k: v for k, v in nxt.mods.items() if k != "from_prefix"})
                out.append(e)
                i += 2
                continue
        if "barenum" not in e.f:
            out.append(e)
        i += 1
    return out


def _rangeable(a: Expr, b: Expr) -> bool:
    if "barenum" in b.f:
        return False
    if "barenum" in a.f:
        return True
    if "dur" in a.f or "dur" in b.f:
        return "dur" in a.f and "dur" in b.f
    return True
