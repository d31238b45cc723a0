"""The seed post: every gold entity (surface, canonical, kind) is among the mentions."""

from __future__ import annotations

import json

import pytest
import spacy

import pipeline.names as names
from pipeline.segment import Segmenter
from pipeline.tokenizer import ZhTokenizer
from tests.shared import shared_path

#: the gold file has no "media" kind: it files outlets (彭博社, The Information) under org
GOLD_KIND = {"media": "org"}


@pytest.fixture(scope="module")
def seed_rows() -> tuple[str, list[dict]]:
    nlp = spacy.blank("zh")
    nlp.tokenizer = ZhTokenizer(nlp.vocab, Segmenter(names.segmenter_words()))
    nlp.add_pipe(names.FACTORY)
    text = shared_path("seeds", "000_5db2a79945cdd8ee.txt").read_text(encoding="utf-8")
    return text, names.mention_rows(nlp(text))


def _gold() -> list[dict]:
    return json.loads(shared_path("gold", "seed_gold.json").read_text(encoding="utf-8"))[
        "entities"
    ]


def _same_name(ours: str | None, gold: str) -> bool:
    """Equal, or ours is gold's name disambiguated Wikipedia-style (Woodside, California)."""
    return ours is not None and (ours == gold or ours.startswith(gold + ", "))


def test_every_gold_entity_is_found_and_resolved(seed_rows) -> None:
    _, rows = seed_rows
    missing = [
        f"{g['surface']} -> {g['canonical']} ({g['kind']}); got "
        f"{sorted({(r['canonical'], r['kind']) for r in rows if r['text'] == g['surface']})}"
        for g in _gold()
        if not any(
            r["text"] == g["surface"] and _same_name(r["canonical"], g["canonical"])
            and GOLD_KIND.get(r["kind"], r["kind"]) == g["kind"]
            for r in rows
        )
    ]
    assert missing == []


def test_offsets_point_into_the_raw_text(seed_rows) -> None:
    text, rows = seed_rows
    assert rows
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]


@pytest.mark.parametrize(
    ("surface", "method"),
    [("薩姆", "coref"), ("格雷格", "coref"), ("謝爾", "gazetteer"), ("蘋果", "context"),
     ("凱德·梅茨", "alias"), ("馬庫斯", "coref")],
)
def test_the_layer_that_resolves_each_hard_case(seed_rows, surface: str, method: str) -> None:
    _, rows = seed_rows
    assert {r["method"] for r in rows if r["text"] == surface} == {method}


def test_unresolved_mentions_keep_their_pinyin(seed_rows) -> None:
    _, rows = seed_rows
    for r in rows:
        assert r["romanized"]
        assert (r["canonical"] is None) == (r["method"] == "unresolved")
