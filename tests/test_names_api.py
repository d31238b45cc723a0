"""The integration contract: resolve(), segmenter_words(), the registered factory."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.names as names
from pipeline.names.table import NAME_JOINERS
from pipeline.normalize import to_simplified
from pipeline.segment import Segmenter
from pipeline.tokenizer import ZhTokenizer


def test_resolve_returns_the_contract_fields() -> None:
    r = names.resolve("輝達")
    assert r is not None
    assert (r.canonical, r.entity_id, r.kind, r.method) == (
        "Nvidia", "org:nvidia", "org", "gazetteer")
    assert 0 < r.confidence <= 1
    assert names.resolve("沒有這個名字的詞") is None
    assert names.resolve("") is None


def test_resolve_phonetic_layer_names_its_method() -> None:
    r = names.resolve("苏茨克维尔")  # no table has this spelling
    assert r is not None and (r.entity_id, r.method) == ("per:ilya_sutskever", "phonetic")


def test_segmenter_words_are_simplified_name_parts() -> None:
    words = names.segmenter_words()
    assert len(words) > 1000
    assert words == sorted(set(words))
    for w in words:
        assert to_simplified(w) == w
        assert len(w) >= 2 and not w.isascii()
        assert not any(j in w for j in NAME_JOINERS)


def test_segmenter_keeps_known_names_whole() -> None:
    seg = Segmenter(names.segmenter_words())
    assert "阿尔特曼" in seg.cut("阿尔特曼被解雇了")
    assert "布罗克曼" in seg.cut("格雷格·布罗克曼辞职")


def test_factory_is_registered_for_spacy_pipelines() -> None:
    nlp = spacy.blank("zh")
    nlp.tokenizer = ZhTokenizer(nlp.vocab, Segmenter(names.segmenter_words()))
    nlp.add_pipe("zhnews_names")
    assert nlp.pipe_names == ["zhnews_names"]
    doc = nlp("微软与OpenAI")
    assert [e.kb_id_ for e in doc.ents] == ["org:microsoft", "org:openai"]


def test_component_runs_on_a_doc_from_another_tokenizer() -> None:
    nlp = spacy.blank("zh")  # character tokens, no norm_text
    nlp.add_pipe("zhnews_names")
    doc = nlp("微軟宣布")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("微軟", "org:microsoft")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="阿尔特曼布罗克斯科夫的了·-（）()ABab 。,", max_size=40))
def test_mentions_always_point_into_the_text(text: str) -> None:
    nlp = _nlp()
    for r in names.mention_rows(nlp(text)):
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["start"] < r["end"]


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("zh")
        _NLP.tokenizer = ZhTokenizer(_NLP.vocab, Segmenter(names.segmenter_words()))
        _NLP.add_pipe("zhnews_names")
    return _NLP
