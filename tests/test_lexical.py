"""Batch workers build their Docs without spaCy's lexical attributes (``get_nlp(lexical=False)``):
the tables must not notice, and a Doc handed to a user must still have them."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.sources import read_inputs
from pipeline.nlp import get_nlp
from pipeline.process import process
from pipeline.records import RawDocument

ROOT = Path(__file__).resolve().parent.parent


def test_user_docs_keep_spacy_lexical_attributes():
    doc = get_nlp().nlp("他說：「三家公司在2024年簽約。」")
    by_text = {t.text: t for t in doc}
    assert by_text["："].is_punct and by_text["「"].is_punct
    assert by_text["2024"].is_digit and by_text["2024"].like_num
    assert by_text["說"].norm_ == "说" and by_text["說"].is_alpha


def test_lean_vocabulary_gives_the_same_tables(seed_path):
    docs = [d for d in read_inputs([str(ROOT / "corpus"), str(seed_path)])
            if isinstance(d, RawDocument)]
    assert len(docs) >= 10
    lean, full = get_nlp(lexical=False), get_nlp()
    assert lean.nlp.vocab is not full.nlp.vocab
    for raw in docs:
        assert process(raw, lean).tables == process(raw, full).tables, raw.source
