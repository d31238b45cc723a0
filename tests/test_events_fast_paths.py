"""The events stage's shortcuts give what the plain reads give, on real text: sentence starts
from the sentences table's spans against spaCy's SENT_START, and the money and title patterns
with their first-character lookahead against the patterns without it."""

from __future__ import annotations

import re

import numpy as np
import pytest
from spacy.attrs import SENT_START

from pipeline.annotations import token_bounds
from pipeline.events import arguments, money
from pipeline.events.engine import _sent_starts
from pipeline.nlp import get_nlp

_EXTRA = ("新台币3亿2千万元, 约2.5亿欧元, 逾百名工人。前华星电子法务长李文斌、时任CEO王小明表示,"
          "近两百名员工将于8:09离职。数十亿美元!")


@pytest.fixture(scope="module")
def texts(seed_text: str) -> list[str]:
    return [seed_text, _EXTRA, seed_text[: len(seed_text) // 3] + _EXTRA]


def test_sentence_starts_equal_spacy(texts: list[str]) -> None:
    tokenizer = get_nlp().nlp.tokenizer
    for text in texts:
        doc = tokenizer(text)
        want = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        assert _sent_starts(doc, token_bounds(doc)[0]) == want


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    assert pattern.pattern.startswith("(?=[")
    return re.compile(pattern.pattern[pattern.pattern.index("])") + 2:])


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(pattern.groups + 1)) for m in pattern.finditer(text)]


def test_lookahead_patterns_match_as_without(texts: list[str]) -> None:
    from pipeline.normalize import to_simplified

    for pattern in (money.tables().pattern, arguments._title_res()[0]):
        plain = _without_lookahead(pattern)
        for text in texts:
            norm = to_simplified(text)
            found = _spans(pattern, norm)
            assert found == _spans(plain, norm)
        assert _spans(pattern, to_simplified(_EXTRA))  # the sample holds matches of both
