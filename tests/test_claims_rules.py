"""Every `examples:` entry of pipeline/resources/claims/*.yaml, run through the claims stage.

Examples run with the claims stage alone (no name resolver), so names stay as written: the
engine must work on companies and people no gazetteer knows.
"""

from __future__ import annotations

import pytest

from pipeline.claims import find_claims, segmenter_words
from pipeline.claims.lexicon import RULE_FILES, load
from pipeline.nlp import get_nlp
from pipeline.normalize import normalize
from pipeline.segment import Segmenter


def _cases() -> list[tuple[str, dict]]:
    out = []
    for name in RULE_FILES:
        data = load(name)
        for e in data.get("examples") or []:
            out.append((name, e))
        for cue in data.get("cues") or []:
            out.extend((f"{name}:{cue['cue']}", e) for e in cue.get("examples") or [])
    return out


CASES = _cases()


def run(text: str) -> list:
    nlp = get_nlp(("claims",)).nlp
    doc = nlp.tokenizer.make_doc(text)
    doc._.doc_id = "example"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return find_claims(doc)


@pytest.mark.parametrize("where,ex", CASES, ids=[f"{w}-{i}" for i, (w, _) in enumerate(CASES)])
def test_rule_example(where: str, ex: dict) -> None:
    got = run(ex["text"])
    # speakers.yaml examples state one claim's fields inline; the others list claims
    want = ex["expect"] if "expect" in ex else [{k: v for k, v in ex.items() if k != "text"}]
    rows = [r.row() for r in got]
    assert len(rows) == len(want), rows
    for row, w in zip(rows, want, strict=True):
        for key, value in w.items():
            assert row[key] == value, (key, row)
        assert ex["text"][row["start"]:row["end"]]  # offsets index the text
        assert ex["text"][row["content_start"]:row["content_end"]] == row["content"]


def test_every_cue_has_an_example() -> None:
    for cue in load("cues")["cues"]:
        assert cue.get("examples"), f"cue {cue['cue']} has no example"


def test_every_cue_is_one_token() -> None:
    # a cue the segmenter splits could never match a token's NORM
    nlp = get_nlp(("claims",)).nlp
    for cue in load("cues")["cues"]:
        assert len(nlp.tokenizer.make_doc(cue["cue"])) == 1, cue["cue"]


@pytest.mark.parametrize("text", load("cues")["segmenter_examples"])
def test_segmenter_words_keep_cues_inside(text: str) -> None:
    # with the claims stage's words the segmenter no longer cuts a cue out of 法说会
    cues = {c["cue"] for c in load("cues")["cues"]}
    plain = Segmenter().cut(normalize(text).text)
    assert cues & set(plain), f"{text}: no loose cue without the words (example is moot)"
    assert not cues & set(Segmenter(segmenter_words()).cut(normalize(text).text)), text
