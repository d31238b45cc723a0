"""The claims stage's fast searches equal the plain regex searches they stand for, on the
seed post, the rule examples and text made of the rules' own words (so that matches occur)."""

from __future__ import annotations

import dataclasses
import random
import re

from pipeline.claims.engine import _Scan
from pipeline.claims.lexicon import RULE_FILES, EndPattern, lexicon, load
from pipeline.normalize import normalize
from tests.shared import shared_path


def _texts() -> list[str]:
    out = [ex["text"] for name in RULE_FILES for ex in load(name).get("examples") or []]
    out.append(shared_path("seeds", "000_5db2a79945cdd8ee.txt").read_text(encoding="utf-8"))
    s = load("speakers")
    rng = random.Random(7)
    pieces = [w for key in ("strip_tail", "strip_lead") for item in s[key]
              for w in item.split("|") if w.isalpha()]
    pieces += [*s["media"]["words"], *s["groups"]["nouns"], *s["org_suffixes"],
               *s["person_titles"], *s["pronouns"], *s["documents"], "王建国", "(1月7日)",
               "于 12:30", "在会上", "《联合报》", "不愿具名的", " ", "，", ":", "1", "\n"]
    out += ["".join(rng.choice(pieces) for _ in range(400)) for _ in range(5)]
    return [normalize(t).text for t in out]


def test_end_patterns_equal_their_whole_pattern() -> None:
    lex = lexicon()
    ends = [getattr(lex, f.name) for f in dataclasses.fields(lex)
            if isinstance(getattr(lex, f.name), EndPattern)]
    assert len(ends) >= 7
    rng = random.Random(3)
    for text in _texts():
        for end in range(len(text) + 1):
            for start in {max(0, end - rng.randint(0, 40)), end, 0}:
                for p in ends:
                    assert _found(p.search(text, start, end)) == _found(
                        p.pattern.search(text, start, end)), (text[start:end], p.pattern)
        for p in ends:
            assert _found(p.search(text)) == _found(p.pattern.search(text))


def _found(m: re.Match[str] | None) -> tuple[tuple[int, int], str] | None:
    return (m.span(), m.group()) if m else None


def test_clause_start_is_after_the_last_boundary() -> None:
    lex = lexicon()
    for text in _texts():
        scan = _Scan(text, lex)
        for ss in (0, 5):
            for cs in range(ss, len(text) + 1):
                last = ss
                for m in lex.boundary_re.finditer(text, ss, cs):
                    last = m.end()
                assert scan.clause_start(ss, cs) == max(last, cs - lex.clause_reach)
