"""Chinese and Arabic numerals -> numbers (table-driven from numerals.yaml)."""

from __future__ import annotations

from pipeline.timex.lexicon import LEX

_DIGITS: dict[str, int] = LEX.numerals["digits"]
_MULT: dict[str, int] = LEX.numerals["multipliers"]
_TENS: dict[str, int] = LEX.numerals["tens"]


def parse_number(s: str) -> float | None:
    """Value of a numeral written in digits or Chinese ("二十一", "两万四千", "35,000", "廿二")."""
    s = s.strip().replace(",", "")
    if not s:
        return None
    if s[0].isdigit():
        # mixed forms like "2000万"
        i = len(s)
        while i and s[i - 1] in _MULT:
            i -= 1
        try:
            base = float(s[:i]) if "." in s[:i] else int(s[:i])
        except ValueError:
            return None
        for ch in s[i:]:
            base *= _MULT[ch]
        return base
    if all(ch in _DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in s))  # 二零一五 read digit by digit
    return _parse_cn(s)


def _parse_cn(s: str) -> float | None:
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _TENS:
            section += _TENS[ch]
            digit = None
        elif ch in _MULT:
            m = _MULT[ch]
            if m >= 10000:
                total = (total + section + (digit or 0)) * m
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * m
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def digit_string_year(s: str, pivot: int = 2030) -> int | None:
    """A year written digit by digit ("二〇一五", "九七", "15").

    Two-digit years get the century that puts them at most 10 years after ``pivot``'s
    decade window (news: "98年" is 1998, "24年" is 2024)."""
    if s.isdigit():
        y = int(s)
        n = len(s)
    elif all(ch in _DIGITS for ch in s):
        y = int("".join(str(_DIGITS[ch]) for ch in s))
        n = len(s)
    else:
        return None
    if n == 2:
        return 2000 + y if 2000 + y <= pivot + 10 else 1900 + y
    return y if n in (3, 4) else None
