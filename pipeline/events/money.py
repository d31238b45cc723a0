"""Amounts of money and head counts: 860亿美元 → "86000000000 USD", 数十亿美元 → a range.

Runs a regex over the normalized (Simplified) text, which is aligned with the original, so the
match offsets are original offsets. Vocabulary (numerals, currencies, cues) is in
``resources/events/money.yaml``; the value is written as ``"<amount> <unit>"``, a range as
``"<lo>..<hi> <unit>"``, with `` approx`` appended when the text hedges the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .resources import alternation, load, starts_with

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: str  # "86000000000 USD", "1000000000..9000000000 USD approx", "200 person approx"
    kind: str  # money | quantity


@dataclass(frozen=True)
class _Tables:
    pattern: re.Pattern[str]
    numeral: re.Pattern[str]  # one character every number holds (an arabic digit or numeral)
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    several: tuple[str, ...]
    approx_after: tuple[str, ...]
    currencies: dict[str, str]
    counters: dict[str, str]


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The money vocabulary and its compiled pattern, built once."""
    m = load("money")
    numchars = "".join(list(m["digits"]) + list(m["small_units"]) + list(m["big_units"]))
    several = alternation(m["several"])
    after = alternation(m["approx_after"])
    cur = alternation(list(m["currencies"]))
    bare = alternation(m["bare_currency"])
    counters = alternation(list(m["counters"]))
    # one number: an optional "several" word, then arabic/Chinese numerals and units; 多/余
    # may sit inside (3000多万). Every repeated piece consumes a character: no backtracking blowup.
    number = (
        rf"(?:{several})?(?:{_ARABIC}|[{numchars}])(?:{_ARABIC}|[{numchars}]|多|余)*"
    )
    # every match starts with an approx word, a currency, a "several" word or a numeral
    first = starts_with(m["approx_before"], list(m["currencies"]), m["several"],
                        extra=rf"\d{re.escape(numchars)}")
    pattern = re.compile(
        rf"{first}(?P<pre>{alternation(m['approx_before'])})?"
        rf"(?P<cur1>{cur})?"
        rf"(?P<num>{number})"
        rf"(?:(?P<cur2>{cur}|{bare})|(?P<counter>{counters}))"
        rf"(?P<post>{after})?"
    )
    return _Tables(
        pattern, re.compile(rf"[\d{re.escape(numchars)}]"), m["digits"], m["small_units"],
        m["big_units"], tuple(m["several"]), tuple(m["approx_after"]), m["currencies"],
        m["counters"],
    )


def find_amounts(norm_text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Money amounts and counted quantities in ``norm_text[start:end]`` (normalized text)."""
    t = tables()
    end = len(norm_text) if end is None else end
    out: list[Amount] = []
    if not t.numeral.search(norm_text, start, end):
        return out  # most clauses hold no number: skip the long pattern's scan
    for m in t.pattern.finditer(norm_text, start, end):
        if m.group("cur1") is None and m.group("cur2") is None and m.group("counter") is None:
            continue
        parsed = parse_number(m.group("num"))
        if parsed is None:
            continue
        lo, hi, approx = parsed
        if m.group("pre") or m.group("post"):
            approx = True
        if m.group("counter"):
            unit, kind = t.counters[m.group("counter")], "quantity"
        else:
            code = t.currencies.get(m.group("cur1") or "") or t.currencies.get(m.group("cur2"))
            unit, kind = code or m.group("cur2"), "money"
        amount = str(lo) if lo == hi else f"{lo}..{hi}"
        value = f"{amount} {unit}" + (" approx" if approx else "")
        out.append(Amount(m.start(), m.end(), value, kind))
    return out


def parse_number(text: str) -> tuple[int, int, bool] | None:
    """``(low, high, approximate)`` for a numeral; "several" words give a 1..9 range."""
    t = tables()
    approx = False
    for w in t.approx_after:
        if w in text:
            approx = True
            text = text.replace(w, "")
    for w in sorted(t.several, key=len, reverse=True):
        if text.startswith(w):
            lo, hi = _value("1" + text[len(w):]), _value("9" + text[len(w):])
            if lo is None or hi is None:
                return None
            return lo, hi, True
    v = _value(text)
    return None if v is None else (v, v, approx)


def _value(text: str) -> int | None:
    """Integer value of a numeral mixing arabic digits and Chinese units (3亿2千万, 2.5亿)."""
    t = tables()
    total = Decimal(0)
    section = Decimal(0)
    cur: Decimal | None = None
    last_big = None
    for tok in re.findall(rf"{_ARABIC}|.", text):
        if tok[0].isdigit():
            cur = Decimal(tok.replace(",", ""))
        elif tok in t.digits:
            d = Decimal(t.digits[tok])
            cur = d if cur is None else cur * 10 + d  # 二〇二三: digits read in sequence
        elif tok in t.small:
            section += (cur if cur is not None else 1) * t.small[tok]
            cur = None
        elif tok in t.big:
            unit = t.big[tok]
            part = section + (cur or 0)
            if last_big is not None and unit > last_big:
                total = (total + part) * unit  # 1万亿: a larger unit scales what came before
            else:
                total += part * unit
            last_big, section, cur = unit, Decimal(0), None
        else:
            return None
    value = total + section + (cur or 0)
    return int(value) if value == value.to_integral_value() and value > 0 else None
