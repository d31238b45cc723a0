"""Sentence boundaries for Chinese news and forum text.

A sentence ends after 。！？；… (and the ASCII ! ? ; that scraped text mixes in), together with
any closing quotes or brackets that follow (”」』）), or at a line break. Runs on the normalized
text (full-width folded), whose offsets equal the original's.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

# Folded text: ！→!, ？→?, ；→;, ）→). The terminal run may be followed by closers. Written as
# ``(?:(?:[。!?;…]+|\.{3,})[closers]*|\n+)``, but beginning with a bare character class: only
# then does the regex engine skip in C to the characters a match can begin with (a leading
# lookahead or repeat makes it try a whole match at every position, 2× the instructions); the
# lookbehinds pick the alternative the first character began.
_CLOSERS = r"[”’」』)\]\"'》]*"
_END = re.compile(rf"[。!?;….\n](?:(?<=[。!?;…])[。!?;…]*{_CLOSERS}|(?<=\.)\.{{2,}}{_CLOSERS}"
                  r"|(?<=\n)\n*)")


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


#: spaCy's SENT_START of a token inside a sentence (-1) as ``Doc.from_array`` takes it
_INSIDE = np.uint64(2**64 - 1)


def sentence_start_tokens(token_starts: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The tokens that start a sentence, ascending: token 0, and each sentence's start snapped
    to the next token boundary (a few sentences a document: bisecting each costs less than one
    numpy call)."""
    n = len(token_starts)
    if not n:
        return []
    at = {bisect_left(token_starts, s) for s, _ in spans}
    at.add(0)
    at.discard(n)  # a sentence starting after the last token's start
    return sorted(at)


def sentence_starts(token_starts: list[int], spans: list[tuple[int, int]]) -> np.ndarray:
    """Per token, spaCy's SENT_START value (1 starts a sentence, -1 does not, as uint64 for
    ``Doc.from_array``): ``sentence_start_tokens`` as an array."""
    flags = np.empty(len(token_starts), dtype=np.uint64)
    flags.fill(_INSIDE)
    flags[sentence_start_tokens(token_starts, spans)] = 1
    return flags
