"""The spaCy tokenizer: a ``Doc`` over the ORIGINAL text with Simplified ``token.norm_``.

Segmentation runs on the normalized (Simplified, width-folded) text, which is aligned character
for character with the original; token boundaries are therefore original offsets too. Matchers
and gazetteers are written once in Simplified and match on NORM, whatever the script.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

import numpy as np
from spacy.attrs import LIKE_NUM, NORM, SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .annotations import TOKEN_BOUNDS, set_doc_value
from .normalize import (
    DEFAULT_CONFIG,
    code_points,
    convert_tokens,
    normalize,
    to_simplified,
    to_simplified_each,
)
from .segment import Segmenter
from .sentences import sentence_spans, sentence_starts


def _quick_no(like_num: Callable[[str], bool]) -> Callable[[str], bool]:
    """spaCy's zh ``like_num`` with a fast "no" for the many words holding no digit and none of
    the numeral characters it knows: it builds a regex on every call, the costliest part of
    meeting a new word. Left alone if that spaCy keeps its numerals elsewhere."""
    from spacy.lang.zh import lex_attrs as zh

    lists = [getattr(zh, n, None) for n in ("_single_num_words", "_count_num_words",
                                            "_base_num_words")]
    if like_num is not getattr(zh, "like_num", None) or any(x is None for x in lists):
        return like_num
    chars = "".join(sorted(set("".join(w for x in lists for w in x)) | {"/"}))
    numeral = re.compile(f"[{re.escape(chars)}]")

    def like(text: str) -> bool:
        if numeral.search(text) is None and not any(c.isdigit() for c in text):
            return False
        return like_num(text)

    return like


def _prepared(norm: Callable[[str], str], ready: dict[str, str]) -> Callable[[str], str]:
    """``norm`` read from ``ready`` when the word is there: the tokenizer converts the words a
    document brings in all at once, before spaCy asks for each new lexeme's norm."""

    def get(word: str) -> str:
        got = ready.get(word)
        return norm(word) if got is None else got

    return get


def _restore_original(text: str, norm: str, words: list[str], starts: list[int],
                      ends: list[int]) -> None:
    """Turn the words of the aligned normalized text into those of the original ``text``, in
    place: only the tokens holding a character that normalization changed (mostly folded
    full-width punctuation, a few percent of tokens) are sliced anew."""
    changed = np.flatnonzero(code_points(text) != code_points(norm)).tolist()
    if len(changed) * 4 > len(words):  # Traditional text: most words change
        words[:] = map(text.__getitem__, map(slice, starts, ends))
        return
    i = e = 0
    for p in changed:  # ascending: a token holding several is found and sliced once
        if p >= e:
            i = bisect_right(ends, p, i)
            e = ends[i]
            words[i] = text[starts[i]:e]


class ZhTokenizer:
    """Callable ``text -> Doc``; ``make_doc(text, config)`` picks the OpenCC config per source."""

    def __init__(self, vocab: Vocab, segmenter: Segmenter | None = None) -> None:
        self.vocab = vocab
        self.segmenter = segmenter or Segmenter()
        # The t2s norm of a word is stored once on its lexeme, computed by spaCy when it first
        # meets the word (a function of the word alone, so the output never depends on which
        # document met it first); a Doc inherits it. Lexemes made before this are fixed here.
        self._fresh_norms: dict[str, str] = {}  # t2s norms of the words new to ``_orths``
        vocab.lex_attr_getters[NORM] = _prepared(to_simplified, self._fresh_norms)
        if LIKE_NUM in vocab.lex_attr_getters:
            vocab.lex_attr_getters[LIKE_NUM] = _quick_no(vocab.lex_attr_getters[LIKE_NUM])
        for lex in vocab:
            lex.norm_ = to_simplified(lex.orth_)
        self._orths: dict[str, int] = {}  # word → its key in the vocabulary's strings
        self._regional: dict[str, dict[str, str]] = {}  # config → word → its norm there
        self._differs: dict[str, set[str]] = {}  # config → words whose norm differs from t2s

    def __call__(self, text: str) -> Doc:
        return self.make_doc(text)

    def make_doc(self, text: str, config: str = DEFAULT_CONFIG) -> Doc:
        norm = normalize(text, config)
        nwords = self.segmenter.cut(norm.text)
        # lists, which every later stage bisects: np.fromiter took ~400 instructions a word,
        # and the arrays were turned into lists later anyway
        ends = list(accumulate(map(len, nwords)))
        starts = [0, *ends[:-1]] if ends else []
        # normalized text is aligned with the original, so its token boundaries are ours too
        words = nwords
        if norm.text != text:
            _restore_original(text, norm.text, words, starts, ends)
        sents = sentence_spans(norm.text)
        doc = Doc(self.vocab, words=self._orth_keys(words), spaces=[False] * len(words))
        self._fresh_norms.clear()  # their lexemes are made
        if words:  # an array call: ``Doc(sent_starts=...)`` walks the tokens in Python
            doc.from_array([SENT_START], sentence_starts(starts, sents).reshape(-1, 1))
        if config != DEFAULT_CONFIG and words:
            # Regional configs (hk2s, tw2sp: 記憶體→内存) differ from t2s on a few words: only
            # documents holding such a word get per-token norms. Phrase configs run per word,
            # once per distinct word (cached), so offsets stay those of the original.
            regional = self._regional.setdefault(config, {})
            differs = self._differs.setdefault(config, set())
            fresh = set(words).difference(regional)
            if fresh:
                for w, n in zip(fresh, convert_tokens(list(fresh), config), strict=True):
                    regional[w] = n
                    if n != to_simplified(w):
                        differs.add(w)
            if not differs.isdisjoint(words):
                add = self.vocab.strings.add
                arr = np.fromiter((add(regional[w]) for w in words), dtype=np.uint64,
                                  count=len(words))
                doc.from_array([NORM], arr.reshape(-1, 1))
        doc.user_data[TOKEN_BOUNDS] = (starts, ends)  # later stages need not ask spaCy again
        set_doc_value(doc, "orig_text", text)  # ``doc.text`` re-joins every token each time
        set_doc_value(doc, "norm_text", norm.text)
        set_doc_value(doc, "opencc_config", config)
        # trimmed (start, end) per sentence, for the sentences table
        set_doc_value(doc, "sentence_spans", sents)
        return doc

    def _orth_keys(self, words: list[str]) -> list[int]:
        """The words' keys in the vocabulary's strings. Given keys, ``Doc`` skips encoding and
        hashing every word again (half its cost, ~0.05 CPU s per M chars); a word met for the
        first time is added to the strings here, and spaCy makes its lexeme as before."""
        keys = self._orths
        found = list(map(keys.get, words))
        if None in found:
            add = self.vocab.strings.add
            fresh = []
            for i, key in enumerate(found):
                if key is None:
                    w = words[i]
                    key = keys.get(w)  # a word met twice in this document
                    if key is None:
                        key = keys[w] = add(w)
                        fresh.append(w)
                    found[i] = key
            # most of these are new lexemes too, whose norm spaCy is about to ask for
            self._fresh_norms.update(zip(fresh, to_simplified_each(fresh), strict=True))
        return found  # type: ignore[return-value]  # every None was filled

    # spaCy calls these when a pipeline is serialized; the dictionary is rebuilt from resources.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> ZhTokenizer:
        return self
