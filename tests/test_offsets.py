"""Offsets always point into the original text, whatever the script or conversion."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import convert_tokens, normalize, to_simplified
from pipeline.sentences import sentence_spans
from pipeline.tokenizer import ZhTokenizer

# Traditional, Simplified and shared characters, ASCII, full-width forms, punctuation that ends
# sentences, closing quotes, whitespace, and characters outside the BMP.
ALPHABET = (
    "臺灣軟體記憶體網路資訊點鐘週個後發髮乾幹開除辭職裡裏麵"
    "台湾软件内存网络信息点钟周个后发干开除辞职里面"
    "的是在了人中国大学新闻公司说"
    "abcXYZ0123456789 .,:;!?-·"
    "ＡＢＣ１２３，：；！？（）"
    "。！？；…“”「」『』（）\n\t　"
    "𠀋𡈽"
)
texts = st.text(alphabet=ALPHABET, max_size=200)
_nlp = spacy.blank("zh")
_tok = ZhTokenizer(_nlp.vocab)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["t2s", "hk2s", "tw2s", "tw2sp"]))
def test_tokens_and_sentences_slice_the_original(text, config):
    doc = _tok.make_doc(text, config)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text
    assert "".join(t.text for t in doc) == text  # no character lost or invented
    for s, e in doc._.sentence_spans:
        assert text[s:e].strip() == text[s:e] and text[s:e]
    for sent in doc.sents:
        assert text[sent.start_char:sent.end_char] == sent.text


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalized_spans_map_back_exactly(text):
    norm = normalize(text)
    assert len(norm.text) == len(text)
    # any span of the normalized text is the conversion of the same span of the original
    for s, e in sentence_spans(norm.text):
        assert to_simplified(text[s:e]) == norm.text[s:e]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_phrase_config_norms_are_per_token(text):
    doc = _tok.make_doc(text, "tw2sp")
    assert [t.norm_ for t in doc] == convert_tokens([t.text for t in doc], "tw2sp")


def test_traditional_norms_are_simplified():
    doc = _tok.make_doc("微軟執行長表示，記憶體價格上漲。", "tw2sp")
    norms = [t.norm_ for t in doc]
    assert "微软" in norms and "内存" in norms
    assert doc.text == "微軟執行長表示，記憶體價格上漲。"


def test_sentences_keep_closing_quotes():
    text = "他說：「我們會回來。」然後離開了。\n新的一行"
    spans = sentence_spans(normalize(text).text)
    assert [text[s:e] for s, e in spans] == ["他說：「我們會回來。」", "然後離開了。", "新的一行"]


def test_ascii_punctuation_ends_sentences():
    text = "真的嗎?是的!好;結束"
    assert [text[s:e] for s, e in sentence_spans(normalize(text).text)] == [
        "真的嗎?", "是的!", "好;", "結束",
    ]


def test_script_detection():
    from pipeline.normalize import detect_script, normalize

    cases = {
        "華星電子今天宣布解僱技術長，公司表示將儘快任命新人。": "traditional",
        "星驰汽车昨天宣布完成五十亿元融资，创始人表示资金将用于研发。": "simplified",
        "華星電子今天宣布解僱技術長。星驰汽车昨天宣布完成融资，资金将用于研发。": "mixed",
        "OpenAI 2023": "none",
        # full-width letters and punctuation fold in normalization: no script evidence
        "ＯｐｅｎＡＩ（美国）昨天发布新模型，　公司表示：“将开源”。": "simplified",
        "ＯｐｅｎＡＩ（美國）昨天發佈新模型，公司表示：「將開源」。": "traditional",
    }
    for text, script in cases.items():
        assert detect_script(text) == script, text
        # the path process() takes, with the normalized text it already has
        assert detect_script(text, simplified=normalize(text).text) == script, text


def test_width_folding_maps_every_full_width_character_one_for_one():
    from pipeline.normalize import fold_width

    wide = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    assert fold_width(wide) == "".join(chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F))
    assert fold_width("\u3000") == " "
    mixed = "ＯｐｅｎＡＩ（美國）於２０２４年發佈，　售價＄２０。"
    assert fold_width(mixed) == "OpenAI(美國)於2024年發佈, 售價$20。"
    assert len(fold_width(mixed)) == len(mixed)  # offsets hold
