"""One pass over the normalized text: a single compiled regex finds time "atoms".

The alternatives are built from the vocabulary in resources/timex/*.yaml; the order of the
alternatives is the priority at a position (Python's alternation takes the first that
matches). Each atom is re-parsed by its own small regex to read its fields. Every quantifier
is bounded or over a disjoint character class, so matching is linear in the text length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.normalize import to_simplified
from pipeline.timex.lexicon import LEX, alternation

CN_DIGIT = "零〇○一二两三四五六七八九"
CN_NUM = CN_DIGIT + "十百千万廿卅俩仨"
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,9}}(?:\.\d{{1,4}})?[万亿]?|[{CN_NUM}]{{1,8}})"
NUM_APPROX = rf"(?:{NUM}[几多余]?|几[十百千]?|[{CN_NUM}]{{0,3}}几|数[十百千]?)"
CLK_H = r"(?:2[0-4]|[01]?\d|[零〇一二两三四五六七八九十]{1,3})"
CLK_M = r"(?:[0-5]\d|\d|[零〇一二三四五六七八九十]{1,3})"

_D = r"(?:3[01]|[12]\d|0[1-9]|[1-9])"
_M = r"(?:1[0-2]|0[1-9]|[1-9])"
_CN_M = r"(?:十[一二]?|[一二三四五六七八九]|正|冬|腊)"
_CN_D = r"(?:[一二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅[一]?|[一二三四五六七八九])"
_LUNAR_D = r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]|[二三]十|十[一二三四五六七八九])"

_units = LEX.units["units"]
UNIT = alternation(u for u, d in _units.items()
                   if not d.get("follow_only") and not d.get("needs_prefix"))
UNIT_ANY = alternation(_units)
_prefixes = LEX.units["span_prefixes"]
SPAN_PREFIX = alternation(p for p in _prefixes if p != "过")

_DUR_PART = (rf"(?:{NUM_APPROX}个[多半]月|{NUM_APPROX}(?:个)?多?半?(?:{UNIT})半?多?"
             rf"|半(?:个)?(?:小时|钟头|月|年|天|日|个钟)|一刻钟|{NUM}分半钟?)")
_DUR_NEXT = rf"(?:又|零)?(?:{NUM_APPROX}(?:个)?多?半?(?:{UNIT_ANY})半?)"
DURATION = rf"{_DUR_PART}(?:{_DUR_NEXT}){{0,4}}"
_REL_MONTHS = rf"(?:{NUM_APPROX}(?:个)?多?半?月)"

CAL = LEX.calendar
POD = LEX.parts_of_day
HOL = LEX.holidays
ZON = LEX.zones


def _word_table() -> dict[str, tuple[str, Any]]:
    raw = _raw_word_table()
    # resource files may spell words in Traditional; matching runs on Simplified text
    return {to_simplified(w): v for w, v in raw.items()} | raw


def _raw_word_table() -> dict[str, tuple[str, Any]]:
    """Every fixed word the lexer knows, with its kind and payload."""
    t: dict[str, tuple[str, Any]] = {}
    for w, v in CAL["relative_days"].items():
        t[w] = ("relday", v)
    for w, v in CAL["anaphoric_days"].items():
        t[w] = ("anaday", v)
    for w, v in CAL["relative_years"].items():
        t[w] = ("relyear", v)
    for w, v in CAL["anaphoric_years"].items():
        t[w] = ("anayear", v)
    for w, v in CAL["relative_months"].items():
        t[w] = ("relmonth", v)
    for w, v in CAL["anaphoric_months"].items():
        t[w] = ("anamonth", v)
    for w in CAL["now_words"]:
        t[w] = ("now", None)
    for w in CAL["lunar_markers"]:
        t[w] = ("lunar", None)
    for w in CAL["year_parts"]:
        if len(w) > 1:
            t[w] = ("yearpart", w)
    for w in CAL["month_parts"]:
        if len(w) > 1:
            t[w] = ("monthpart", w)
    for w, v in POD["parts"].items():
        if not v.get("clock_only"):
            t[w] = ("pod", w)
    for w, v in POD["day_parts"].items():
        t[w] = ("daypod", v)
    for w in HOL["holidays"]:
        t[w] = ("holiday", w)
    for w in HOL["solar_terms"]:
        t[w] = ("solarterm", w)
    for s in HOL["seasons"]:
        for suf in ("天", "季"):
            t[s + suf] = ("season", s)
    for w, v in ZON["zones"].items():
        t[w] = ("tz", v)
    for w in ZON["local_words"]:
        t[w] = ("tzlocal", None)
    return t


WORDS = _word_table()
_WEEK_PREFIX = alternation(CAL["week_prefixes"])

# (name, pattern) in priority order
ATOMS: list[tuple[str, str]] = [
    ("dt_ymd", rf"(?<![\d.:/])(?:19|20)\d\d[-/.]{_M}[-/.]{_D}"
               r"(?:[ T-]?(?:2[0-4]|[01]?\d)[:：][0-5]\d(?:[:：][0-5]\d)?)?(?![\d.])"),
    ("dt_ymd_sp", rf"(?<!\d)(?:19|20)\d\d {_M} {_D}(?!\d)"),
    ("dt_compact",
     r"(?<![\d.])(?:19|20)\d\d(?:1[0-2]|0[1-9])(?:3[01]|[12]\d|0[1-9])(?![\d.])"),
    ("dt_mdy", rf"(?<![\d./])(?:1[0-2]|0?[1-9])/{_D}/(?:\d{{4}}|\d\d)(?![\d/])"),
    ("dt_ym", r"(?<![\d.])(?:19|20)\d\d\.(?:1[0-2]|0[1-9]|[1-9])(?![\d.])"),
    ("dt_md", rf"(?<![\d./:-])(?:1[0-2]|0?[1-9])/{_D}(?:号|日)?(?![\d/:.])"
              r"|(?<![\d.-])(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9])(?![\d-])"
              rf"|(?<!\d)(?:1[0-2]|[1-9])·{_D}(?!\d)"),
    ("clock_colon", r"(?<![\d.:])(?:2[0-4]|[01]?\d)[:：][0-5]\d(?:[:：][0-5]\d)?(?![\d:.])"
                    r"(?:\s?(?:[ap]\.m\.|[ap]m|[AP]M|[ap](?![a-zA-Z]))|时)?"),
    ("clock_ampm",
     r"(?<![\d.:])(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[ap]m|[AP]M)(?![a-zA-Z])"),
    ("clock_cn", rf"(?<![\d.])(?:早|晚)?{CLK_H}[点时](?:钟)?"
                 rf"(?:[一二三1-3]刻钟?|(?:[踏搭过])?{CLK_M}(?:分钟?)?(?:个字)?|[踏搭]?半|整)?"
                 rf"(?:{CLK_M}秒)?(?:钟)?"),
    ("words", alternation(WORDS)),
    ("decade", r"(?:上)?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})世纪)?"
               r"(?:\d0|[一二三四五六七八九]十)年代"),
    ("century", r"(?:上)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})世纪"),
    ("quarter", r"前[一二三四两1-4]个?季度|第[一二三四1-4]个季度|(?:第)?(?:[一二三四1-4]|首)季度"
                r"|Q[1-4](?:季度)?|(?:本|这个?|上上?个?|上一个|下下?个?|下一个)季度"),
    ("year",
     r"(?<![\d.])(?:\d{4}|\d\d|[零〇○一二三四五六七八九]{2,4})年(?!代|级|龄|纪)"),
    ("monthday", rf"(?<![\d个])(?:闰)?(?:{_M}|{_CN_M})月(?:份)?的?"
                 rf"(?:{_D}|{_CN_D}|初(?:[一二三四五六七八九十]|10|[1-9]))(?:日|号)?(?![\d日号])"
                 rf"|(?<![\d个])(?:闰)?(?:{_M}|{_CN_M})月(?:份)?{_LUNAR_D}(?![\d日号])"),
    ("month", rf"(?<![\d个])(?:闰)?(?:{_M}|{_CN_M})月(?:份)?"),
    ("day", rf"(?<![\d.])(?:{_D}|{_CN_D}|初[一二三四五六七八九十])(?:日|号)"),
    ("lunarday", rf"大年{_LUNAR_D}|大年初[一二三四五六七八九十]"),
    ("weekday", rf"(?:{_WEEK_PREFIX})?(?:个)?(?:星期|礼拜|周)[一二三四五六日天末]"),
    ("week", rf"(?:{_WEEK_PREFIX})(?:个)?(?:星期|礼拜|周)(?![一二三四五六日天末年])"),
    ("set", rf"每(?:个|隔)?(?:{NUM})?(?:个)?(?:半年|半个钟头|半小时|年|月"
            r"|(?:周|星期|礼拜)(?![一二三四五六日天末])|天|日|晚|小时|钟头|分钟|秒|季度|工作日)?(?=\S)"),
    ("nth_weekday", rf"第{NUM}个?(?:星期|礼拜|周)[一二三四五六日天]"),
    ("ordinal", rf"第{NUM}(?:个)?(?:天|周|星期|礼拜|年|个月|月)"),
    ("span_dur",
     rf"(?:{SPAN_PREFIX}|(?<![超经通度越穿错不])过)(?:{DURATION}|{_REL_MONTHS})"),
    ("duration", DURATION),
    ("num", rf"(?<![\d.]){NUM}(?=\s?(?:至|到|~|～|-|－|—{{1,2}})\s?{NUM})"),
]

MASTER = re.compile("|".join(f"(?P<{n}>{p})" for n, p in ATOMS))
SUB = {n: re.compile(p) for n, p in ATOMS}


@dataclass
class Atom:
    kind: str
    start: int
    end: int
    text: str
    info: dict[str, Any] = field(default_factory=dict)


def scan(norm: str) -> list[Atom]:
    """All atoms of the normalized text, left to right, non-overlapping."""
    out = []
    for m in MASTER.finditer(norm):
        kind = m.lastgroup or ""
        out.append(Atom(kind, m.start(), m.end(), m.group()))
    return out
