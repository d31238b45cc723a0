"""Word segmentation: jieba's dictionary and algorithm through rjieba (jieba-rs).

One ``Segmenter`` instance owns its own dictionary (no global state, unlike ``jieba.add_word``).
HMM is off: rjieba then equals jieba token for token (MEASURED.md), and unknown names are kept
whole by adding them to the dictionary rather than by HMM guesses that split 阿尔特/曼.
"""

from __future__ import annotations

from collections.abc import Iterable

import rjieba

#: frequency given to added words: high enough that a listed name always beats its pieces
NAME_FREQ = 200_000
#: a text holding a name outside jieba's dictionary: tagging it makes rjieba load its HMM model
#: (~50 ms, once per process), which the tagging stages do before workers fork
HMM_WARM_UP = "李文斌认为"


class Segmenter:
    """A jieba segmenter with its own dictionary."""

    def __init__(self, words: Iterable[str] = (), freq: int = NAME_FREQ) -> None:
        self._jieba = rjieba.Jieba()
        self.added: list[str] = []
        self.add_words(words, freq)

    def add_words(self, words: Iterable[str], freq: int = NAME_FREQ, tag: str = "nr") -> None:
        """Add words (in the normalized, Simplified form) that must never be split."""
        for w in words:
            if w and not w.isspace():
                self._jieba.add_word(w, freq, tag)
                self.added.append(w)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Token (start, end) character offsets covering ``text`` completely, in order."""
        return [(s, e) for _, s, e in self._jieba.tokenize(text, "default", False)]

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text, False)
