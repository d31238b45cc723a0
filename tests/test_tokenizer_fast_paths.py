"""The tokenizer's shortcuts give what the plain computation gives: sentence ends found by the
regex with its first-character lookahead, width folding as one array, original words restored
in place; and what the Doc carries reads back."""

from __future__ import annotations

import gzip
import json
import random
import re
from itertools import islice, pairwise

import numpy as np
import pytest
from spacy.vocab import Vocab

from pipeline import normalize as nz
from pipeline import sentences
from pipeline.tokenizer import ZhTokenizer, _restore_original

from .shared import shared_path

#: the sentence-end regex as first written, without the lookahead
PLAIN_END = re.compile(r"(?:[。!?;…]+|\.{3,})[”’」』)\]\"'》]*|\n+")
#: characters that matter to sentence ends and folding, and some that do not
ALPHABET = [*"。!?;….\n”’」』)]\"'》 \t\u3000，！？；（）ＡＺ０９～", "中", "文", "a", "1",
            "\ud800", "\udc00", "\U0001f600", "\uff01", "\uff5e", "\uff00", "\uff5f"]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choices(ALPHABET, k=rnd.choice([0, 1, 5, 40, 300, 1200])))
            for _ in range(n)]


@pytest.mark.parametrize("text", _random_texts(400))
def test_sentence_ends_equal_plain_regex(text: str) -> None:
    assert [m.span() for m in sentences._END.finditer(text)] == [
        m.span() for m in PLAIN_END.finditer(text)]


@pytest.mark.parametrize("text", _random_texts(400, seed=11))
def test_array_fold_equals_regex_fold(text: str) -> None:
    plain = nz._WIDE.sub(nz._fold_run, text)
    assert nz.fold_width(text) == plain
    if nz._WIDE.search(text):
        assert nz._fold_array(text) == plain  # the array path, whatever the length


def test_fold_width_both_paths_on_news() -> None:
    text = "据彭博社报道，ＯｐｅｎＡＩ（美國）於２０２４年發佈：售價＄２０。\u3000第二段！" * 20
    assert len(text) >= nz.ARRAY_FOLD_MIN
    assert nz.fold_width(text) == nz._WIDE.sub(nz._fold_run, text) == nz._fold_array(text)


@pytest.mark.parametrize("text", _random_texts(200, seed=3))
def test_restored_words_are_the_original_slices(text: str) -> None:
    norm = nz.fold_width(text).translate({ord("中"): "X"})  # folding, and a script change
    rnd = random.Random(len(text))
    cuts = sorted({0, len(norm), *rnd.sample(range(len(norm) + 1), min(len(norm), 30))})
    starts, ends = cuts[:-1], cuts[1:]
    words = [norm[s:e] for s, e in pairwise(cuts)]
    _restore_original(text, norm, words, starts, ends)
    assert words == [text[s:e] for s, e in pairwise(cuts)]


def test_doc_extensions_read_back() -> None:
    tok = ZhTokenizer(Vocab())
    text = "據彭博社報道，蘇茨克維離開了公司！\n合夥人羅賓遜（David Robinson）表示看好市場。"
    doc = tok.make_doc(text, "hk2s")
    norm = nz.normalize(text, "hk2s").text
    assert doc._.norm_text == norm
    assert doc._.opencc_config == "hk2s"
    assert doc._.sentence_spans == sentences.sentence_spans(norm)
    assert [t.text for t in doc] and "".join(t.text for t in doc) == text
    assert [s.start_char for s in doc.sents] == [s for s, _ in doc._.sentence_spans]


def _news(n: int = 60) -> list[str]:
    """Real news, and the same in Traditional script (most of its characters change)."""
    with gzip.open(shared_path("corpus", "cctv_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts = [t for line in islice(f, n) if (t := json.loads(line).get("text"))]
    return texts + [nz.converter("s2t").convert(t) for t in texts[:n // 3]]


@pytest.mark.parametrize("text", _random_texts(200, seed=5))
def test_sentence_starts_equal_array_search(text: str) -> None:
    rnd = random.Random(len(text))
    starts = sorted({0, *rnd.sample(range(len(text) + 1), min(len(text), 30))})[:-1] or [0]
    spans = sentences.sentence_spans(text)
    plain = np.full(len(starts), -1, dtype=np.int64)
    at = np.searchsorted(np.array(starts), np.array([s for s, _ in spans], dtype=np.int64))
    plain[at[at < len(starts)]] = 1
    plain[0] = 1
    assert sentences.sentence_starts(starts, spans).tolist() == plain.astype(np.uint64).tolist()


def test_batch_simplified_equals_one_by_one() -> None:
    cut = ZhTokenizer(Vocab()).segmenter.cut
    words = [w for text in _news() for w in cut(text)]
    words += ["", "\n", "a\nb", "ＡＢ１", "\u3000", "後來", "乾隆", "頭髮"]
    assert nz.to_simplified_each(words) == [nz.to_simplified(w) for w in words]
    assert nz.to_simplified_each([]) == []


def test_lexeme_norms_are_each_words_own() -> None:
    tok = ZhTokenizer(Vocab())
    for text in _news():
        doc = tok.make_doc(text)
        assert [t.norm_ for t in doc] == [nz.to_simplified(t.text) for t in doc]
        assert [t.text for t in doc] == [text[s:e] for s, e in zip(*doc.user_data[
            "zhnews.token_bounds"], strict=True)]
