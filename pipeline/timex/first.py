"""The characters a regex match can start with, read from the parsed pattern.

``first_class(pattern)`` returns a character class (as regex source, e.g. ``[\\d上下0-9]``) that
every match of ``pattern`` starts with, or None when that cannot be bounded (the pattern can
match the empty string, or start with any character). The class is a superset: zero-width
assertions at the start (look-behind, look-ahead) are skipped, so a position whose character
is outside the class can never start a match, and skipping it changes nothing.

The lexer uses it to jump over the characters of news prose that start no time expression,
and to try at a position only the atoms that can start with the character there.
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
