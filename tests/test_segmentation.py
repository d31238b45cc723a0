"""rjieba (what we run) against jieba (the oracle): identical tokens with the same dictionary."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from pipeline.ingest.sources import read_inputs
from pipeline.nlp import get_nlp
from pipeline.normalize import normalize
from pipeline.records import RawDocument
from pipeline.segment import NAME_FREQ

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_texts(seed_path) -> list[str]:
    docs = [d for d in read_inputs([str(ROOT / "corpus"), str(seed_path)])
            if isinstance(d, RawDocument)]
    assert len(docs) >= 10
    return [normalize(d.body).text for d in docs]


def test_jieba_parity_on_sample_corpus(corpus_texts):
    segmenter = get_nlp().nlp.tokenizer.segmenter
    oracle = jieba.Tokenizer()
    for w in segmenter.added:  # the same dictionary on both sides, names included
        oracle.add_word(w, NAME_FREQ, "nr")
    n = 0
    for text in corpus_texts:
        ours = [text[s:e] for s, e in segmenter.spans(text)]
        theirs = oracle.lcut(text, HMM=False)
        assert ours == theirs
        n += len(ours)
    assert n > 5000


def test_added_names_are_never_split():
    from pipeline.segment import Segmenter

    seg = Segmenter(["阿尔特曼", "苏特斯科夫"])
    text = "阿尔特曼与苏特斯科夫通话"
    assert [text[s:e] for s, e in seg.spans(text)][:3] == ["阿尔特曼", "与", "苏特斯科夫"]


def test_tokens_are_the_words_whether_met_before_or_not():
    """The tokenizer hands spaCy the words' keys, remembered per word: a word's token must be
    the same whether the tokenizer meets it for the first time or again, in either script."""
    tok = get_nlp().nlp.tokenizer
    fresh = "蘇特斯科夫與齊格勒在舊金山會面，討論了新型號的發佈時間。"
    first = tok.make_doc(fresh, "t2s")
    again = tok.make_doc(fresh, "t2s")
    later = "齊格勒說：新型號將於明年發佈。蘇特斯科夫未回應。"
    mixed = tok.make_doc(later, "t2s")
    for doc, text in ((first, fresh), (again, fresh), (mixed, later)):
        assert "".join(t.text for t in doc) == text
    assert [(t.text, t.norm_) for t in first] == [(t.text, t.norm_) for t in again]
    norms = {t.text: t.norm_ for t in mixed}
    assert norms["發佈"] == "发布" and norms["說"] == "说"
    assert all(t.orth == tok.vocab.strings[t.text] for doc in (first, mixed) for t in doc)
