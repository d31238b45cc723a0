"""The characters a regex match can start with, read from the parsed pattern.

``first_class(pattern)`` returns a character class (as regex source, e.g. ``[\\d上下0-9]``) that
every match of ``pattern`` starts with, or None when that cannot be bounded (the pattern can
match the empty string, or start with any character). The class is a superset: zero-width
assertions at the start (look-behind, look-ahead) are skipped, so a position whose character
is outside the class can never start a match, and skipping it changes nothing.

``first_pairs(pattern)`` goes one character further: for each first character, the class of
the characters that can follow it in a match (None: any, or none when a one-character match
ends there). It is a superset the same way; a positive look-ahead bounds what follows.

``after_digits(pattern)`` bounds the character that ends the run of digits a match starts with
(the first character that is not a decimal digit, in the match or right after it): a match
starting inside a run of digits (2022年, 100名) is possible only if the run ends with one.
``starts_inside_digits(pattern)`` tells whether a match can start at a digit right after
another at all: most atoms refuse a digit before them.

The lexer uses them to jump over the characters of news prose that start no time expression,
and to try at a position only the atoms that can start with the characters there.
"""

from __future__ import annotations

import re

try:  # Python ≥ 3.11 names the parser re._parser; older ones sre_parse
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_CATEGORY = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D",
    _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_NOT_SPACE: r"\S",
    _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = {_C.ASSERT, _C.ASSERT_NOT, _C.AT}


class _Unbounded(Exception):
    """The first character of a match is not bounded by a class we can write."""


def _esc(code: int) -> str:
    return re.escape(chr(code))


def _class_items(items, out: set[str]) -> None:
    for op, av in items:
        if op is _C.LITERAL:
            out.add(_esc(av))
        elif op is _C.RANGE:
            out.add(f"{_esc(av[0])}-{_esc(av[1])}")
        elif op is _C.CATEGORY and av in _CATEGORY:
            out.add(_CATEGORY[av])
        else:  # NEGATE, NOT_LITERAL, unknown categories
            raise _Unbounded


def _first(seq, out: set[str]) -> bool:
    """Add the first characters of the sequence ``seq`` to ``out``; True if it can be empty."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is _C.LITERAL:
            out.add(_esc(av))
            return False
        if op is _C.IN:
            _class_items(av, out)
            return False
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unbounded
            if not _first(sub, out):
                return False
            continue
        if op is _C.BRANCH:
            nullable = False
            for alt in av[1]:
                nullable |= _first(alt, out)
            if not nullable:
                return False
            continue
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if not _first(sub, out) and lo > 0:
                return False
            continue
        if op is getattr(_C, "ATOMIC_GROUP", None):
            if not _first(av, out):
                return False
            continue
        raise _Unbounded  # ANY, NOT_LITERAL, GROUPREF, ...
    return True


def max_width(pattern: str) -> int:
    """The most characters a match of ``pattern`` can span (very large when unbounded)."""
    return _P.parse(pattern).getwidth()[1]


def first_class(pattern: str) -> str | None:
    """Regex character class of the characters a match of ``pattern`` can start with."""
    parsed = _P.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.U):
        return None  # IGNORECASE, VERBOSE... change what a literal matches
    out: set[str] = set()
    try:
        if _first(parsed.data, out):
            return None
    except _Unbounded:
        return None
    return "[" + "".join(sorted(out)) + "]"


# ---- two characters: first_pairs

_Items = set[str] | None  # class items (regex source), or None: any character
_REPEATS = tuple(op for op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None))
                 if op is not None)


def _items(av) -> _Items:
    out: set[str] = set()
    try:
        _class_items(av, out)
    except _Unbounded:
        return None
    return out


def _union(a: _Items, b: _Items) -> _Items:
    return None if a is None or b is None else a | b


def _walk(seq, leaf) -> tuple[_Items, bool]:
    """Fold over the leading characters of a match of ``seq``: ``leaf(op, av)`` reads one
    literal or class as (items to collect, whether to look further). Groups, alternatives and
    repeats are walked through; a positive look-ahead bounds what comes next whatever follows
    it. Returns (the items, whether the walk can pass the whole of ``seq``); items None when
    the answer is unbounded."""
    acc: set[str] = set()
    for op, av in seq:
        if op is _C.ASSERT and av[0] == 1:
            ahead, through = _walk(av[1], leaf)
            if ahead is not None and not through:
                return acc | ahead, False
            continue
        if op in _ZERO_WIDTH:
            continue
        if op in (_C.LITERAL, _C.IN):
            s, through = leaf(op, av)
        elif op is _C.SUBPATTERN:
            if av[1] or av[2]:
                return None, False
            s, through = _walk(av[3], leaf)
        elif op is _C.BRANCH:
            s, through = set(), False
            for alt in av[1]:
                a, t = _walk(alt, leaf)
                s, through = _union(s, a), through or t
        elif op in _REPEATS:
            lo, _hi, sub = av
            s, through = _walk(sub, leaf)
            through = through or lo == 0
        else:  # ANY, NOT_LITERAL, GROUPREF, ...
            return None, False
        if s is None:
            return None, False
        acc |= s
        if not through:
            return acc, False
    return acc, True


def _first_char(op, av) -> tuple[_Items, bool]:
    return ({_esc(av)} if op is _C.LITERAL else _items(av)), False


def _lead(seq) -> tuple[_Items, bool]:
    """(the characters a match of ``seq`` can start with, whether it can be empty); a positive
    look-ahead bounds the next character whatever follows it."""
    return _walk(seq, _first_char)


def _add(out: dict[str, _Items], firsts: set[str], then: _Items) -> None:
    for c in firsts:
        out[c] = _union(out[c], then) if c in out else (None if then is None else set(then))


def _pairs(seq, then: _Items, out: dict[str, _Items]) -> bool:
    """Add each first character of ``seq`` (followed by what can match ``then``) to ``out`` with
    the characters that can come second; True if ``seq`` can be empty."""
    for i, (op, av) in enumerate(seq):
        if op in _ZERO_WIDTH:
            continue
        rest, empty = _lead(seq[i + 1:])
        after = _union(rest, then) if empty else rest
        if op is _C.LITERAL:
            _add(out, {_esc(av)}, after)
            return False
        if op is _C.IN:
            items = _items(av)
            if items is None:
                raise _Unbounded
            _add(out, items, after)
            return False
        if op is _C.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unbounded
            if not _pairs(av[3], after, out):
                return False
            continue
        if op is _C.BRANCH:
            empty = False
            for alt in av[1]:
                empty |= _pairs(alt, after, out)
            if not empty:
                return False
            continue
        if op in _REPEATS:
            lo, hi, sub = av
            # after one repetition comes another one or what follows
            inner = _union(_lead(sub)[0], after) if hi > 1 else after
            if not _pairs(sub, inner, out) and lo > 0:
                return False
            continue
        if op is getattr(_C, "ATOMIC_GROUP", None):
            if not _pairs(av, after, out):
                return False
            continue
        raise _Unbounded
    return True


def class_items(cls: str) -> set[str] | None:
    """The items (regex source: a character, a range, a category such as \\d) of the character
    class ``cls``; None when they cannot be listed (a negated class)."""
    data = _P.parse(cls).data
    if len(data) != 1:
        return None
    op, av = data[0]
    if op is _C.LITERAL:
        return {_esc(av)}
    return _items(av) if op is _C.IN else None


def first_pairs(pattern: str) -> list[tuple[str, str | None]] | None:
    """[(class of first characters, class of the characters that can follow them or None)] of
    the matches of ``pattern``; None when the first character cannot be bounded."""
    parsed = _P.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.U):
        return None
    out: dict[str, _Items] = {}
    try:
        if _pairs(parsed.data, None, out):
            return None
    except _Unbounded:
        return None
    by_second: dict[frozenset[str] | None, set[str]] = {}
    for c, then in out.items():
        by_second.setdefault(None if then is None else frozenset(then), set()).add(c)
    return [("[" + "".join(sorted(firsts)) + "]",
             None if then is None else "[" + "".join(sorted(then)) + "]")
            for then, firsts in by_second.items()]


# ---- the end of a leading run of digits: after_digits

_DIGIT, _OTHER, _MIXED = 1, 2, 3  # what a character class can match: digits, others, both
_BY_CATEGORY = {_C.CATEGORY_DIGIT: _DIGIT, _C.CATEGORY_NOT_DIGIT: _OTHER,
                _C.CATEGORY_SPACE: _OTHER, _C.CATEGORY_NOT_WORD: _OTHER}
_LONG_RANGE = 4096  # a longer range is not scanned for digits: read as both


def _code_kind(code: int) -> int:
    return _DIGIT if chr(code).isdecimal() else _OTHER  # what \d matches in a str pattern


def _kind(op, av) -> int:
    if op is _C.LITERAL:
        return _code_kind(av)
    kinds = set()
    for o, a in av:
        if o is _C.LITERAL:
            kinds.add(_code_kind(a))
        elif o is _C.RANGE and a[1] - a[0] < _LONG_RANGE:
            kinds.update(_code_kind(c) for c in range(a[0], a[1] + 1))
        elif o is _C.CATEGORY:
            kinds.add(_BY_CATEGORY.get(a, _MIXED))
        else:
            kinds.add(_MIXED)
    return kinds.pop() if len(kinds) == 1 else _MIXED


def _digit_run_char(op, av) -> tuple[_Items, bool]:
    """A digit continues the run (nothing collected); any other character may end it."""
    kind = _kind(op, av)
    if kind == _DIGIT:
        return set(), True
    return ({_esc(av)} if op is _C.LITERAL else _items(av)), kind != _OTHER


def _run_end(seq) -> tuple[_Items, bool]:
    """(the characters that can end a run of digits matched from the start of ``seq``, whether
    ``seq`` can match digits only): the first character of its match that is not a digit, or
    the one a positive look-ahead requires there."""
    return _walk(seq, _digit_run_char)


def after_digits(pattern: str) -> str | None:
    """Class of the characters that can end the run of digits a match of ``pattern`` starts
    with; None when unbounded (the match can be digits only, or the class is not known)."""
    parsed = _P.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.U):
        return None
    ends, digits_only = _run_end(parsed.data)
    if ends is None or digits_only:
        return None
    return "[" + "".join(sorted(ends)) + "]" if ends else "[^\\s\\S]"


# ---- inside a run of digits: starts_inside_digits


def _digit_first(op, av) -> tuple[_Items, bool]:
    return (set() if _kind(op, av) == _OTHER else {r"\d"}), False


def _refuses_digit_before(seq) -> bool:
    """Does every match of ``seq`` start with a look-behind refusing a digit before it?"""
    for op, av in seq:
        if op is _C.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
            (o, items), = av[1]
            if o is _C.IN and (_C.CATEGORY, _C.CATEGORY_DIGIT) in items \
                    and all(i is not _C.NEGATE for i, _ in items):
                return True
        if op in _ZERO_WIDTH:
            continue
        if op is _C.SUBPATTERN and not (av[1] or av[2]):
            return _refuses_digit_before(av[3])
        if op is _C.BRANCH:
            return all(_refuses_digit_before(alt) for alt in av[1])
        return False
    return False


def starts_inside_digits(pattern: str) -> bool:
    """Can a match of ``pattern`` start inside a run of digits (at a digit right after one)?
    Not when it never starts with a digit, nor when every match starts with a look-behind
    refusing a digit before it (``(?<![\\d.])``). True when unsure."""
    parsed = _P.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.U):
        return True
    firsts, empty = _walk(parsed.data, _digit_first)
    if firsts is not None and not firsts and not empty:
        return False
    return not _refuses_digit_before(parsed.data)
