"""Read the fields of one atom (year, month, day, clock, duration, ...) from its text."""

from __future__ import annotations

import re
from typing import Any

from pipeline.timex.lexer import CAL, CN_NUM, HOL, POD, WORDS, Atom
from pipeline.timex.lexicon import LEX
from pipeline.timex.numerals import digit_string_year, parse_number

# granularity ranks: a later atom merges into a frame only if it is finer
RANK = {"tz": 0, "lunar": 0, "century": 1, "decade": 2, "y": 3, "season": 4, "part": 5,
        "m": 6, "wk": 7, "d": 8, "pod": 9, "h": 10, "mi": 11, "s": 12, "now": 12}

_UNITS = LEX.units["units"]
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_DUR_PIECE = re.compile(
    rf"(?P<num>(?:\d[\d,.]*|[{CN_NUM}几数]+)?[多余几]?)(?P<ge>个)?(?P<more>多)?(?P<half1>半)?(?P<ge2>个)?"
    rf"(?P<unit>{_UNIT_RE}|钟)(?P<half2>半)?(?P<more2>多)?")
_CN_M = {"正": 1, "冬": 11, "腊": 12}
_LUNAR_NAMES = {"正月", "冬月", "腊月"}


def num(s: str) -> float | None:
    s = s.strip()
    if not s:
        return None
    if s.startswith("初"):
        return parse_number(s[1:])
    return parse_number(s)


_SEEN: dict[tuple[str, str, int], dict[str, Any] | None] = {}
_SEEN_MAX = 100_000


def interpret(a: Atom, pivot: int) -> dict[str, Any] | None:
    """Fields of atom ``a`` or None when the atom is not a time after all. Each call gets its
    own dict."""
    f = fields(a.kind, a.text, pivot)
    return dict(f) if f is not None else None


def fields(kind: str, text: str, pivot: int) -> dict[str, Any] | None:
    """As ``interpret``, but the remembered dict itself, shared by every caller: read only.

    A function of the atom's kind and text and the pivot year only, so remembered: news repeats
    the same atoms (今年, 日前, 11月20日) from story to story."""
    key = (kind, text, pivot)
    try:
        return _SEEN[key]
    except KeyError:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        f = _SEEN[key] = _interpret(text, kind, pivot)
        return f


def _interpret(t: str, k: str, pivot: int) -> dict[str, Any] | None:
    if k in ("dt_ymd", "dt_ymd_sp"):
        m = re.match(r"(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})"
                     r"(?:[ T-]?(\d{1,2})[:：](\d\d)(?:[:：](\d\d))?)?$", t)
        if not m:
            return None
        f = {"y": int(m[1]), "m": int(m[2]), "d": int(m[3]), "explicit": True}
        if m[4]:
            f.update(h=int(m[4]), mi=int(m[5]))
            if m[6]:
                f["s"] = int(m[6])
        return f
    if k == "dt_compact":
        return {"y": int(t[:4]), "m": int(t[4:6]), "d": int(t[6:8]), "explicit": True}
    if k == "dt_mdy":
        mo, d, y = t.split("/")
        yy = int(y) if len(y) == 4 else digit_string_year(y, pivot)
        return {"y": yy, "m": int(mo), "d": int(d), "explicit": True}
    if k == "dt_ym":
        y, mo = t.split(".")
        return {"y": int(y), "m": int(mo), "explicit": True}
    if k == "dt_md":
        mo, d = re.split(r"[/\-·]", t.rstrip("号日"))
        return {"m": int(mo), "d": int(d)}
    if k == "clock_colon":
        return _clock_colon(t)
    if k == "clock_ampm":
        m = re.match(r"(\d{1,2})\s?([apAP])", t)
        h = int(m[1]) % 12 + (12 if m[2] in "pP" else 0)
        return {"h": h, "ampm_fixed": True}
    if k == "clock_cn":
        return _clock_cn(t)
    if k == "year":
        y = digit_string_year(t[:-1], pivot)
        if y is None:
            return None
        return {"y": y, "yshort": len(t) <= 3}
    if k in ("monthday", "month"):
        return _month_day(t)
    if k == "day":
        d = num(t[:-1])
        if d is None or not 1 <= d <= 31:
            return None
        f: dict[str, Any] = {"d": int(d)}
        if t.startswith("初"):
            f["lunar"] = True
        elif not t[0].isdigit():
            f["cn_day"] = True
        return f
    if k == "lunarday":
        return {"m": 1, "d": int(num(t[2:]) or 0), "lunar": True}
    if k == "weekday":
        return _weekday(t)
    if k == "week":
        pre = re.sub(r"(个)?(星期|礼拜|周)$", "", t)
        return {"wk": CAL["week_prefixes"].get(pre, CAL["week_prefixes"].get(pre + "个", 0))}
    if k == "quarter":
        return _quarter(t)
    if k == "decade":
        return _decade(t)
    if k == "century":
        c = num(t.lstrip("上")[:-2])
        return {"century": int(c)} if c else None
    if k == "words":
        kind, val = WORDS[t]
        return _word(kind, val, t)
    if k == "nth_weekday":
        m = re.match(r"第(.+?)个?(?:星期|礼拜|周)(.)$", t)
        n = num(m[1]) if m else None
        return {"nth_wd": (int(n), _WD[m[2]])} if n else None
    if k == "ordinal":
        m = re.match(r"第(.+?)(?:个)?(天|周|星期|礼拜|年|个月|月)$", t)
        n = num(m[1]) if m else None
        if not n:
            return None
        unit = {"星期": "周", "礼拜": "周", "个月": "月"}.get(m[2], m[2])
        return {"ordinal": (int(n), unit)}
    if k in ("duration", "span_dur"):
        return _duration(t, k)
    if k == "set":
        return {"set": t}
    if k == "num":
        n = num(t)
        return {"barenum": n} if n is not None else None
    return None


def _clock_colon(t: str) -> dict[str, Any]:
    m = re.match(r"(\d{1,2})[:：](\d\d)(?:[:：](\d\d))?\s?([apAP])?", t)
    f: dict[str, Any] = {"h": int(m[1]), "mi": int(m[2])}
    if m[3]:
        f["s"] = int(m[3])
    if m[4]:
        f["h"] = f["h"] % 12 + (12 if m[4] in "pP" else 0)
        f["ampm_fixed"] = True
    return f


_CLOCK_CN = re.compile(
    r"(?P<pre>早|晚)?(?P<h>[^点时]+)[点时](?:钟)?(?:(?P<tap>[踏搭过])?(?P<mi>[^分秒个钟半刻整]+)(?P<fen>分钟?)?(?P<zi>个字)?"
    r"|[踏搭]?(?P<half>半)|(?P<q>[一二三1-3])刻钟?|(?P<zheng>整))?(?:(?P<s>[^秒]+)秒)?(?P<zhong>钟)?$")


def _clock_cn(t: str) -> dict[str, Any] | None:
    m = _CLOCK_CN.match(t)
    if not m:
        return None
    h = num(m["h"])
    if h is None or h > 24:
        return None
    f: dict[str, Any] = {"h": int(h)}
    if m["pre"]:
        f["pod"] = "早上" if m["pre"] == "早" else "晚上"
    if m["mi"]:
        mi_txt = m["mi"]
        mi = num(mi_txt)
        if mi is None:
            return None
        cantonese = (m["zi"] or m["tap"] in ("踏", "搭")
                     or (len(mi_txt) == 1 and not mi_txt.isdigit() and not m["fen"]))
        if cantonese:
            f["canto"] = True  # 三点三 = 3:15 (Cantonese five-minute marks) — needs context
            mi *= 5
        elif len(mi_txt) == 1 and mi_txt.isdigit() and not m["fen"]:
            f["decimal_like"] = True  # 24点5 reads as a decimal
        if mi >= 60:
            return None
        f["mi"] = int(mi)
    elif m["half"]:
        f["mi"] = 30
    elif m["q"]:
        f["mi"] = 15 * int(num(m["q"]) or 0)
    if m["s"]:
        s = num(m["s"])
        if s is None or s >= 60:
            return None
        f["s"] = int(s)
        f.setdefault("mi", 0)
    f["clock_marked"] = bool(m["zhong"] or m["zheng"] or m["fen"] or m["half"] or m["q"])
    return f


_MONTH_RE = re.compile(
    r"(?P<leap>闰)?(?P<m>\d{1,2}|[^月]+)月(?:份)?的?(?P<d>[^日号]+)?(?P<suf>[日号])?$")


def _month_day(t: str) -> dict[str, Any] | None:
    m = _MONTH_RE.match(t)
    if not m:
        return None
    mt = m["m"]
    mo = _CN_M.get(mt) or num(mt)
    if not mo or not 1 <= mo <= 12:
        return None
    f: dict[str, Any] = {"m": int(mo)}
    if mt in _CN_M or m["leap"]:
        f["lunar"] = True
    if m["leap"]:
        f["leap"] = True
    if m["d"]:
        dt = m["d"]
        d = num(dt)
        if d is None or not 1 <= d <= 31:
            return None
        f["d"] = int(d)
        # 八月十五 / 腊月初十: a Chinese-numeral day without 日/号 is a lunar date
        if not m["suf"] and not dt[0].isdigit():
            f["lunar"] = True
    return f


_WD = CAL["weekdays"]


def _weekday(t: str) -> dict[str, Any]:
    last = t[-1]
    pre = re.sub(r"(个)?(星期|礼拜|周).$", "", t)
    f: dict[str, Any] = {}
    if pre:
        f["wk"] = CAL["week_prefixes"].get(pre, CAL["week_prefixes"].get(pre + "个", 0))
    if last == "末":
        f["weekend"] = True
    else:
        f["wd"] = _WD[last]
    return f


def _quarter(t: str) -> dict[str, Any] | None:
    m = re.match(r"前([一二三四两1-4])个?季度", t)
    if m:
        return {"qfirst": int(num(m[1]) or 0)}
    m = re.search(r"([一二三四1-4]|首)", t)
    if m and ("季度" in t and not re.match(r"(本|这|上|下)", t)):
        return {"q": 1 if m[1] == "首" else int(num(m[1]) or 0)}
    if t.startswith("Q"):
        return {"q": int(t[1])}
    pre = t[: t.index("季度")]
    return {"q_rel": CAL["quarter_prefixes"].get(pre, 0)}


def _decade(t: str) -> dict[str, Any] | None:
    m = re.match(r"(上)?(?:(.+?)世纪)?(.+?)年代$", t)
    dec = num(m[3])
    if dec is None:
        return None
    f: dict[str, Any] = {"decade": int(dec)}
    if m[2]:
        c = num(m[2])
        f["century"] = int(c) if c else None
    elif m[1]:
        f["century_rel"] = -1
    return f


def _word(kind: str, val: Any, t: str) -> dict[str, Any] | None:
    if kind == "relday":
        return {"d_rel": val}
    if kind == "anaday":
        return {"d_ana": val}
    if kind == "relyear":
        return {"y_rel": val}
    if kind == "anayear":
        return {"y_ana": val}
    if kind == "relmonth":
        return {"m_rel": val}
    if kind == "anamonth":
        return {"m_ana": val}
    if kind == "now":
        return {"now": True}
    if kind == "lunar":
        return {"lunar_marker": True}
    if kind == "yearpart":
        return {"ypart": val}
    if kind == "monthpart":
        return {"mpart": val}
    if kind == "pod":
        return {"pod": val}
    if kind == "daypod":
        f = {"pod": val["part"]}
        f["d_ana" if val.get("anaphoric") else "d_rel"] = val["day"]
        return f
    if kind == "holiday":
        return {"holiday": val}
    if kind == "solarterm":
        return {"solarterm": val}
    if kind == "season":
        return {"season": val}
    if kind == "tz":
        return {"tz": val}
    if kind == "tzlocal":
        return {"tzlocal": True}
    return None


def _duration(t: str, kind: str) -> dict[str, Any] | None:
    prefix = None
    body = t
    if kind == "span_dur":
        for p in sorted(LEX.units["span_prefixes"], key=len, reverse=True):
            if t.startswith(p):
                prefix, body = p, t[len(p):]
                break
    parts: dict[str, float] = {}
    approx = False
    unknown = False
    grain = None
    pos = 0
    for m in _DUR_PIECE.finditer(body):
        if m.start() != pos and body[pos:m.start()] not in ("又", "零"):
            break
        pos = m.end()
        unit = m["unit"]
        if unit == "钟" and not (m["ge"] or m["ge2"]):  # 一分半钟: 分 carries the number
            continue
        numtxt = m["num"] or ""
        if numtxt.endswith(("多", "余")) or m["more"] or m["more2"]:
            approx = True
        core = numtxt.rstrip("多余")
        if "几" in core or "数" in core:
            unknown, approx = True, True
            n = 0.0
        elif core == "":
            n = 1.0 if (m["half1"] or unit in ("刻钟",)) else 0.0
            if not m["half1"] and unit != "刻钟":
                return None
        else:
            v = parse_number(core)
            if v is None:
                return None
            n = float(v)
        if m["half1"]:
            n = n * 0.5 if core == "" else n + 0.5
        if m["half2"]:
            n += 0.5
        if (m["ge"] or m["ge2"]) and "个" + unit in _UNITS:
            unit = "个" + unit  # 两个钟, 十个多月
        if unit == "钟":  # 一分半钟: the 分 piece carries the number
            continue
        u = _UNITS.get(unit)
        if u is None:
            return None
        if u.get("needs_prefix") and prefix is None and not m["half1"]:
            return None
        if u["iso"] is None:
            if unit in ("晚", "夜"):
                continue
            unknown = True
            grain = grain or u["grain"]
            continue
        key = u["iso"]
        parts[key] = parts.get(key, 0.0) + n * u["n"]
        grain = u["grain"] if grain is None or _finer(u["grain"], grain) else grain
    if not parts and not unknown:
        return None
    return {"dur": parts, "dur_unknown": unknown, "approx": approx, "grain": grain,
            "span_prefix": prefix}


_GRAINS = ["year", "month", "day", "hour", "minute", "second"]


def _finer(a: str, b: str) -> bool:
    return _GRAINS.index(a) > _GRAINS.index(b)


def coarsest_rank(f: dict[str, Any]) -> int:
    return min([RANK[k] for k in f if k in RANK], default=99)


def finest_rank(f: dict[str, Any]) -> int:
    return max([RANK[k] for k in f if k in RANK], default=-1)


_RANK_KEYS = {
    "century": "century", "decade": "decade", "y": "y", "y_rel": "y", "y_ana": "y",
    "season": "season", "ypart": "part", "q": "part", "q_rel": "part", "qfirst": "part",
    "m": "m", "m_rel": "m", "m_ana": "m", "mpart": "m", "wk": "wk", "d": "d", "d_rel": "d",
    "d_ana": "d", "wd": "d", "weekend": "d", "holiday": "d", "solarterm": "d", "pod": "pod",
    "h": "h", "mi": "mi", "s": "s", "now": "now", "nth_wd": "d", "explicit": "y", "tz": "tz",
    "tzlocal": "tz",
    "lunar_marker": "lunar", "set": "tz",
}
RANK = {k: RANK[v] for k, v in _RANK_KEYS.items()}
POD_TABLE = POD["parts"]
HOLIDAYS = HOL["holidays"]
