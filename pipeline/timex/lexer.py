"""One pass over the normalized text: a single compiled regex finds time "atoms".

The alternatives are built from the vocabulary in resources/timex/*.yaml; the order of the
alternatives is the priority at a position (Python's alternation takes the first that
matches). Each atom is re-parsed by its own small regex to read its fields. Every quantifier
is bounded or over a disjoint character class, so matching is linear in the text length.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, NamedTuple

from pipeline.normalize import to_simplified
from pipeline.timex.first import (
    after_digits,
    class_items,
    first_class,
    first_pairs,
    starts_inside_digits,
)
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


def _duration_guard() -> str:
    """A look-ahead every match of ``DURATION`` passes (each branch of ``_DUR_PART``: a number
    then 个 / 多 / 半 / a unit's first character or 个多月, 半…, 一刻钟). Most tries of the
    duration atom fail (十三届, 两个确立, 31个省), and failing the guard is a few class tests,
    where ``DURATION`` backtracks through every split of the numeral for each branch."""
    units = first_class(UNIT)
    if units is None:  # pragma: no cover - a unit of unbounded first character
        return ""
    return rf"(?=(?:{NUM_APPROX})(?:个?多?半?{units}|个[多半]月)|半|一刻钟)"


# each atom on its own, for ``scan``; the duration behind its guard (the same matches)
SUB = {n: re.compile(_duration_guard() + p if n == "duration" else p) for n, p in ATOMS}


class Atom(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


# an Atom from one tuple in C: the NamedTuple constructor is Python code, twice as slow
_new_atom = partial(tuple.__new__, Atom)


# Most characters of news prose start no atom. ``_CANDIDATE`` finds the next character that can
# start one (the union of the atoms' first characters, read from the patterns themselves). At
# that position only the atoms that can start with its two characters are tried (``_PAIRS``,
# also read from the patterns) and, when it starts a run of digits, only those whose leading
# digits can end with the character that ends the run (``_RUN_ENDS``: 100名 starts nothing). They
# are tried in priority order, each atom on its own pattern (``SUB``) and the words starting
# with those characters as one alternation in the words' place. Trying patterns one after the
# other is trying their alternation (the first alternative that matches wins), and an atom left
# out cannot match there, so the result is that of ``MASTER.finditer``. Where nothing matches
# at a digit, the rest of its run is skipped when no atom that can start inside a run (most
# refuse a digit before them: ``_INSIDE``) can end with the character that ends it.
_FIRST = {n: first_class(p) for n, p in ATOMS}
_WORDS_AT_RANK = [n for n, _ in ATOMS].index("words")
_ATOM_ORDER = {n: i for i, (n, _) in enumerate(ATOMS)}
_WORDS_BY_FIRST: dict[str, list[str]] = {}
for _w in WORDS:
    _WORDS_BY_FIRST.setdefault(_w[0], []).append(_w)


def _pair_tests() -> dict[str, list[tuple[re.Pattern[str], re.Pattern[str] | None]]]:
    """Per pattern atom: (first character class, class of the second or None for any)."""
    out = {}
    for n, p in ATOMS:
        if n == "words" or _FIRST[n] is None:
            continue
        pairs = first_pairs(p) or [(_FIRST[n], None)]  # unbounded second: the first alone
        out[n] = [(re.compile(a), None if b is None else re.compile(b)) for a, b in pairs]
    return out


_PAIRS = _pair_tests()
_RUN_ENDS = {n: None if (c := after_digits(p)) is None else re.compile(c) for n, p in ATOMS}


_DIGIT_ITEM = re.compile(r"\\d|\d(?:-\d)?")  # a class item of digits only (\d, 7, 1-9)
_BROAD = frozenset(("\\S", "\\D", "\\w", "\\W"))  # second-character items most text matches


def _follows() -> dict[str, set[str] | None] | None:
    """Each item of the atoms' first-character classes (a character, a range, \\d) with the
    items that can follow it (None: any): pattern atoms by ``_PAIRS``' sources, words by their
    second character. None when a class cannot be listed."""
    out: dict[str, set[str] | None] = {}

    def add(firsts: set[str], then: set[str] | None) -> None:
        for x in firsts:
            known = out.get(x, set())
            out[x] = None if then is None or known is None else known | then

    for tests in _PAIRS.values():
        for a, b in tests:
            firsts = class_items(a.pattern)
            then = None if b is None else class_items(b.pattern)
            if firsts is None or (b is not None and then is None):
                return None
            add(firsts, then)
    for w in WORDS:
        add({re.escape(w[0])}, {re.escape(w[1])} if len(w) > 1 else None)
    return out


def _word_thirds() -> dict[tuple[str, str], set[str]]:
    """The pairs of characters that only words longer than two start (中国: 中国时间; no atom
    pattern, no word of one or two characters), escaped as class items, with the third
    characters of those words: news prose is full of such pairs (中国, 美国, 国际) that go on
    otherwise (中国人), and telling them by their third character skips them in C."""
    longer: dict[str, set[str]] = {}
    short = set()
    for w in WORDS:
        if len(w) > 2:
            longer.setdefault(w[:2], set()).add(w[2])
        else:
            short.add(w[:2])
    out = {}
    for pair, thirds in longer.items():
        if pair in short or pair[0] in short:
            continue
        if any(a.match(pair) and (b is None or b.match(pair, 1))
               for tests in _PAIRS.values() for a, b in tests):
            continue  # some atom's pattern may start there
        out[(re.escape(pair[0]), re.escape(pair[1]))] = {re.escape(c) for c in thirds}
    return out


def _digits_class() -> str:
    """``\\d`` as class items that compile to the class's bitmap: the decimal digits of the
    Basic Multilingual Plane, as ranges, and every character beyond it. ``\\d`` itself is
    tested apart from the bitmap, a Unicode-database call for every character of the text the
    class does not hold; the characters beyond the plane (rare: emoji) only add positions
    where the rest of ``_CANDIDATE`` is tried, and it tells digits by ``\\d``."""
    digits = [ord(c) for c in re.findall(r"\d", "".join(map(chr, range(0x10000))))]
    runs: list[list[int]] = []
    for c in digits:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    bmp = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return bmp + "\U00010000-\U0010ffff"


_DIGITS_CLASS = _digits_class()


def _candidate() -> re.Pattern[str] | None:
    """The positions where some atom may start: a digit (marked by group ``run``: ``scan``
    then reads the character that ends its run of digits), or a character that can start an
    atom followed by one that can come second in it (or at all, for ``wide`` characters, whose
    followers are too many to list: 每 takes any but a space), and by one that can come third
    where only longer words start (``_word_thirds``). The pairs are told apart by the second
    character, grouped by the first characters it may follow: a branch starting with a class
    is skipped in C for one test, a look-behind per first character costs more. It is a
    superset of the positions ``_patterns_at`` finds any atom at, so skipping the other
    positions changes nothing."""
    follows = _follows()
    if follows is None or not all(_FIRST.values()) or any(SUB[n].match("") for n, _ in ATOMS):
        return None
    wide = sorted(x for x, then in follows.items() if then is None or then & _BROAD)
    after: dict[str, set[str]] = {}  # second item -> the first items it may follow
    for x, then in follows.items():
        if x not in wide and not _DIGIT_ITEM.fullmatch(x):  # a digit takes the run branch
            for y in then or ():
                after.setdefault(y, set()).add(x)
    # the pairs only longer words start leave ``after`` for one branch of their own, which
    # also checks the third character: a superset (any of their firsts, seconds, thirds) in
    # one branch, not one per pair, as every branch costs a test at most candidates
    xs3, ys3, zs3 = set(), set(), set()
    for (x, y), zs in _word_thirds().items():
        if x in after.get(y, ()):
            after[y].discard(x)
            xs3.add(x)
            ys3.add(y)
            zs3 |= zs
    groups: dict[frozenset[str], list[str]] = {}
    for y, xs in after.items():
        if xs:
            groups.setdefault(frozenset(xs), []).append(y)
    # the groups in buckets, a branch each: the second character is tested against each
    # bucket's union (a branch starting with a class is skipped in C for one test), then a
    # look-behind tells its pair among the bucket's groups (each skipped by its first class).
    # A position whose pair starts nothing pays ~groups/size + size tests, not one per group
    # (12 measured best on news, of 4-20).
    pairs = [(f"[{''.join(sorted(xs))}]", f"[{''.join(sorted(ys))}]", ys)
             for xs, ys in groups.items()]
    size = 12
    branches = [f"[{''.join(sorted(y for _, _, ys in bucket for y in ys))}]"
                f"(?<={'|'.join(x + y for x, y, _ in bucket)})"
                for bucket in (pairs[i:i + size] for i in range(0, len(pairs), size))]
    if ys3:
        branches.append(f"[{''.join(sorted(ys3))}](?<=[{''.join(sorted(xs3))}][\\s\\S])"
                        f"(?=[{''.join(sorted(zs3))}])")
    seconds = "".join(sorted({y for ys in groups.values() for y in ys} | ys3))
    firsts = "".join(sorted(_DIGITS_CLASS if x == "\\d" else x for x in follows))
    return re.compile(f"[{firsts}](?:(?<=\\d)(?P<run>)"
                      + (f"|(?<=[{''.join(wide)}])" if wide else "")
                      + (f"|(?=[{seconds}])(?:{'|'.join(branches)})" if branches else "") + ")")


_CANDIDATE = _candidate()
_DIGIT_RUN = re.compile(r"\d+")
#: (pattern, atom kind) pairs, tried one after the other in priority order; for the words, the
#: pattern is the words that can start there, longest first (tried with ``str.startswith``)
Tries = tuple[tuple[re.Pattern[str] | tuple[str, ...], str], ...]
#: what a candidate position is told by: its two characters (one at the end of the text), and
#: for a run of digits the character after the run too -> the patterns to try there
_BY_KEY: dict[str | tuple[str, str], Tries] = {}
_BY_KEY_MAX = 100_000  # distinct keys remembered (the cache is cleared beyond)
_BY_WORDS: dict[tuple[str, ...], tuple[str, ...]] = {}
_BY_SET: dict[tuple[tuple[str, ...], tuple[str, ...]], Tries] = {}


class _Starts(NamedTuple):
    """The pattern atoms that can start with one character, in priority order, each with the
    classes of the characters that can follow it there (None: any); and ``follow``, the union
    of those classes (None when one is any): a second character outside it starts none."""

    atoms: list[tuple[str, list[re.Pattern[str]] | None]]
    follow: re.Pattern[str] | None


_STARTS: dict[str, _Starts] = {}
_BY_PAIR: dict[str, tuple[str, ...]] = {}
_ENDS_OK: dict[str, frozenset[str]] = {}
# the words that can start at a pair of characters (a one-character word at any pair, a longer
# one where its first two are the pair), in the order of _WORDS_BY_FIRST: read once, not per
# pair; a pair missing here starts only the one-character words of its first character
_WORDS_AT: dict[str, tuple[str, ...]] = {
    _w[:2]: tuple(w for w in _WORDS_BY_FIRST[_w[0]] if w[1:2] in ("", _w[1]))
    for _w in WORDS if len(_w) > 1}
_WORDS_ALONE: dict[str, tuple[str, ...]] = {
    c: tuple(w for w in ws if len(w) == 1) for c, ws in _WORDS_BY_FIRST.items()}


def _words_of(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` in the order their alternation tries them (longest first): the first that
    starts at a position is the alternation's match there. Testing them with ``startswith``
    costs less than a regex call (and no regex is compiled per set of words)."""
    out = _BY_WORDS.get(words)
    if out is None:
        out = _BY_WORDS[words] = tuple(sorted(set(words), key=lambda w: (-len(w), w)))
    return out


# every (atom, first class, second class) of ``_PAIRS`` in order, and one pattern that tells
# which first classes a character is in: an empty group per class, set where its look-ahead
# holds. One regex call per new character instead of one per class (86).
_FIRST_TESTS = [(n, a, b) for n, tests in _PAIRS.items() for a, b in tests]
_FIRST_HITS = re.compile("".join(f"(?:(?={a.pattern})())?" for _, a, _ in _FIRST_TESTS))
_STARTS_BY_HITS: dict[tuple[str | None, ...], _Starts] = {}


def _starts(ch: str) -> _Starts:
    """What can start with ``ch`` (see ``_Starts``), read once per character."""
    out = _STARTS.get(ch)
    if out is None:
        hits = _FIRST_HITS.match(ch).groups()  # type: ignore[union-attr]
        out = _STARTS_BY_HITS.get(hits)
        if out is None:
            out = _STARTS_BY_HITS[hits] = _starts_of(
                [(n, b) for (n, _, b), hit in zip(_FIRST_TESTS, hits, strict=True)
                 if hit is not None])
        if len(_STARTS) >= _BY_KEY_MAX:
            _STARTS.clear()
        _STARTS[ch] = out
    return out


def _starts_of(tests: list[tuple[str, re.Pattern[str] | None]]) -> _Starts:
    """``_Starts`` of a character from the (atom, second class) of the first classes it is in."""
    by_atom: dict[str, list[re.Pattern[str] | None]] = {}
    for n, b in tests:
        by_atom.setdefault(n, []).append(b)
    atoms: list[tuple[str, list[re.Pattern[str]] | None]] = [
        (n, None if None in seconds else seconds)  # type: ignore[misc]
        for n, seconds in by_atom.items()]
    follow = None if any(s is None for _, s in atoms) else re.compile(
        "[" + "".join(b.pattern[1:-1] for _, s in atoms for b in s) + "]" if atoms else "(?!)")
    return _Starts(atoms, follow)


# the second classes of ``_PAIRS``, told the same way as the first ones (``_FIRST_HITS``)
_SECONDS = sorted({b.pattern for _, _, b in _FIRST_TESTS if b is not None})
_SECOND_HITS = re.compile("".join(f"(?:(?={b})())?" for b in _SECONDS))
_SECOND_CLASSES: dict[str, frozenset[str]] = {}


def _second_classes(ch: str) -> frozenset[str]:
    """The second classes of ``_PAIRS`` (their patterns) that hold ``ch``."""
    out = _SECOND_CLASSES.get(ch)
    if out is None:
        hits = _SECOND_HITS.match(ch).groups()  # type: ignore[union-attr]
        out = frozenset(b for b, hit in zip(_SECONDS, hits, strict=True) if hit is not None)
        if len(_SECOND_CLASSES) >= _BY_KEY_MAX:
            _SECOND_CLASSES.clear()
        _SECOND_CLASSES[ch] = out
    return out


def _atoms_at(pair: str) -> tuple[str, ...]:
    """The pattern atoms that can start with ``pair``, in priority order."""
    names = _BY_PAIR.get(pair)
    if names is None:
        atoms, follow = _starts(pair[0])
        nxt = pair[1:]
        if follow is not None and not (nxt and follow.match(nxt)):
            names = ()  # most pairs: one class test instead of one per atom
        else:
            ins = _second_classes(nxt) if nxt else frozenset()
            names = tuple(n for n, seconds in atoms
                          if seconds is None or any(b.pattern in ins for b in seconds))
        if len(_BY_PAIR) >= _BY_KEY_MAX:
            _BY_PAIR.clear()
        _BY_PAIR[pair] = names
    return names


def _ends_ok(end: str) -> frozenset[str]:
    """The atoms that can start in a run of digits that ``end`` ends ("" at the text's end)."""
    ok = _ENDS_OK.get(end)
    if ok is None:
        ok = frozenset(n for n, ends in _RUN_ENDS.items()
                       if ends is None or (end != "" and ends.match(end) is not None))
        if len(_ENDS_OK) >= _BY_KEY_MAX:
            _ENDS_OK.clear()
        _ENDS_OK[end] = ok
    return ok


# the atoms that can start at a digit right after another (the others refuse a digit before
# them): where none can end with the character that ends a run, no atom starts inside it
_INSIDE = frozenset(n for n, p in ATOMS if starts_inside_digits(p))
_INSIDE_OK: dict[str, bool] = {}


def _inside_ok(end: str) -> bool:
    """Can an atom start inside a run of digits that ``end`` ends ("" at the text's end)?"""
    ok = _INSIDE_OK.get(end)
    if ok is None:
        ok = not _INSIDE.isdisjoint(_ends_ok(end))
        if len(_INSIDE_OK) >= _BY_KEY_MAX:
            _INSIDE_OK.clear()
        _INSIDE_OK[end] = ok
    return ok


def _patterns_at(key: str | tuple[str, str]) -> Tries:
    """The atoms that can start at a position told by ``key`` (see ``_BY_KEY``), in priority
    order: the pattern atoms before the words, the words (longest first), the atoms after."""
    pair, run_end = key if isinstance(key, tuple) else (key, None)
    names = _atoms_at(pair)
    if run_end is not None and names:
        ok = _ends_ok(run_end)
        names = tuple(n for n in names if n in ok)
    # a word longer than one character needs its second character next
    words = _WORDS_AT.get(pair) or _WORDS_ALONE.get(pair[0], ())
    out = _BY_SET.get((names, words))
    if out is None:
        # each atom on its own pattern, compiled once at import: an alternation per set of
        # atoms would be compiled again for each set (most of a fresh worker's first documents)
        tries = [(SUB[n], n) for n in names if _ATOM_ORDER[n] < _WORDS_AT_RANK]
        if words:
            tries.append((_words_of(words), "words"))
        tries += [(SUB[n], n) for n in names if _ATOM_ORDER[n] > _WORDS_AT_RANK]
        out = _BY_SET[(names, words)] = tuple(tries)
    if len(_BY_KEY) >= _BY_KEY_MAX:
        _BY_KEY.clear()
    _BY_KEY[key] = out
    return out


def scan(norm: str) -> list[Atom]:
    """All atoms of the normalized text, left to right, non-overlapping."""
    if _CANDIDATE is None:  # pragma: no cover - an atom whose first character is unbounded
        return [Atom(m.lastgroup or "", m.start(), m.end(), m.group())
                for m in MASTER.finditer(norm)]
    out = []
    search = _CANDIDATE.search
    startswith = norm.startswith
    known = _BY_KEY.get
    pos = 0
    run_end = -1  # end of the run of digits last measured: each run is read once, so a
    # megabyte of digits stays linear (positions inside it share its end)
    ender = ""  # the character that ends that run
    inside: bool | None = True  # can an atom start inside that run? If not, a miss skips it
    while True:
        c = search(norm, pos)
        if c is None:
            return out
        p = c.start()
        if c.lastgroup is None:
            key: str | tuple[str, str] = norm[p:p + 2]
        else:  # a run of digits: and the character that ends it
            if p >= run_end:
                run_end = _DIGIT_RUN.match(norm, p).end()  # type: ignore[union-attr]
                ender = norm[run_end:run_end + 1]
                inside = _INSIDE_OK.get(ender)
                if inside is None:
                    inside = _inside_ok(ender)
            key = (norm[p:p + 2], ender)
        tries = known(key)
        if tries is None:
            tries = _patterns_at(key)
        for pat, kind in tries:
            if kind != "words":
                m = pat.match(norm, p)  # type: ignore[union-attr]
                if m is None:
                    continue
                pos = m.end()
                text = m.group()
            else:  # the words, longest first
                for text in pat:  # type: ignore[assignment]
                    if startswith(text, p):
                        break
                else:
                    continue
                pos = p + len(text)
            out.append(_new_atom((kind, p, pos, text)))
            break
        else:
            pos = p + 1 if c.lastgroup is None or inside else run_end
