"""Sentence boundaries for Chinese news and forum text.

A sentence ends after 。！？；… (and the ASCII ! ? ; that scraped text mixes in), together with
any closing quotes or brackets that follow (”」』）), or at a line break. Runs on the normalized
text (full-width folded), whose offsets equal the original's.
"""

from __future__ import annotations

import re

import numpy as np

# Folded text: ！→!, ？→?, ；→;, ）→). The terminal run may be followed by closers. The leading
# lookahead names every character a match can start with: the regex engine then skips to those
# characters in C instead of trying the alternatives at each position (finditer 2.5× faster).
_END = re.compile(r"(?=[。!?;….\n])(?:(?:[。!?;…]+|\.{3,})[”’」』)\]\"'》]*|\n+)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, with surrounding whitespace trimmed; empty ones dropped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(text):
        _add(text, pos, m.end(), spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentence_starts(token_starts: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """Per token, spaCy's SENT_START value (1 starts a sentence, -1 does not, as uint64 for
    ``Doc.from_array``). Sentence starts snap to the next token boundary."""
    n = len(token_starts)
    flags = np.full(n, -1, dtype=np.int64)
    if n:
        at = np.searchsorted(token_starts, np.fromiter((s for s, _ in spans), dtype=np.int64,
                                                        count=len(spans)))
        flags[at[at < n]] = 1
        flags[0] = 1
    return flags.astype(np.uint64)
