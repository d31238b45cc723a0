"""The held-out evaluation set of foreign names (``resources/names/eval/heldout_names.tsv``)
and how an answer is judged; shared by the benchmark and the tests."""

from __future__ import annotations

import unicodedata

from .table import RESOURCES


def heldout() -> list[tuple[str, str]]:
    """(Chinese form, expected English name) rows."""
    rows = []
    text = (RESOURCES / "eval" / "heldout_names.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        if line.strip() and not line.startswith("#") and line != "zh\texpect":
            zh, expect = line.split("\t")
            rows.append((zh, expect))
    return rows


def fold(s: str) -> str:
    """Lower case, accents and extra spaces removed ('André  Agassi' -> 'andre agassi')."""
    s = unicodedata.normalize("NFKD", s)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())


def is_right(answer: str, expect: str) -> bool:
    """Full names must agree; a surname-only expectation needs only the surname."""
    a, e = fold(answer), fold(expect)
    if " " in e:
        return a == e
    return a.split()[-1] == e if a else False
