"""Traditional→Simplified normalization with an exact offset map back to the original.

OpenCC's character-level configs (t2s, hk2s, tw2s) never change length, so for them the
normalized text is aligned 1:1 with the original. Phrase-level configs (tw2sp: 記憶體→内存)
can change length; for those we convert token by token (see ``convert_tokens``) so every
normalized token still maps onto one original token span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from operator import ne

import numpy as np
import opencc

#: configs that OpenCC guarantees to be character-for-character (no length change)
LENGTH_PRESERVING = frozenset({"t2s", "hk2s", "tw2s", "s2t", "t2tw", "t2hk"})
DEFAULT_CONFIG = "t2s"

# Full-width ASCII variants (U+FF01..U+FF5E) are folded to ASCII for matching; the ideographic
# space to a plain space. One char in, one char out, so offsets are untouched.
_WIDE_FIRST, _WIDE_LAST, _IDEOGRAPHIC_SPACE = 0xFF01, 0xFF5E, 0x3000
_FOLD = {cp: cp - 0xFEE0 for cp in range(_WIDE_FIRST, _WIDE_LAST + 1)} | {_IDEOGRAPHIC_SPACE: 0x20}
_WIDE = re.compile(f"[{chr(_WIDE_FIRST)}-{chr(_WIDE_LAST)}{chr(_IDEOGRAPHIC_SPACE)}]+")


@cache
def converter(config: str = DEFAULT_CONFIG) -> opencc.OpenCC:
    """One OpenCC converter per config per process (construction reads dictionaries)."""
    name = config if config.endswith(".json") else f"{config}.json"
    return opencc.OpenCC(name)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


#: from this length on, folding as one array is cheaper than a regex callback per full-width run
#: (news has one run every ~20 characters; the array path costs a few fixed numpy calls)
ARRAY_FOLD_MIN = 256


def fold_width(text: str) -> str:
    """Fold full-width digits, Latin letters and ASCII punctuation to their ASCII form."""
    # a regex finds the few full-width runs (a few % of news text) in C; ``str.translate``
    # alone looks every character up in a dict: 3 times slower on a document
    if len(text) < ARRAY_FOLD_MIN:
        return _WIDE.sub(_fold_run, text)
    if _WIDE.search(text) is None:
        return text
    return _fold_array(text)


def _fold_array(text: str) -> str:
    """``fold_width`` as array operations on the code points: 2-5× faster than the regex on a
    document (tests/test_tokenizer_fast_paths.py checks that both agree)."""
    cp = code_points(text).copy()
    cp[_ascii_variants(cp)] -= _WIDE_FIRST - ord("!")
    cp[cp == _IDEOGRAPHIC_SPACE] = ord(" ")
    return cp.tobytes().decode("utf-32-le", "surrogatepass")


def to_simplified(text: str, config: str = DEFAULT_CONFIG) -> str:
    """Simplified, width-folded form of ``text``; same length when ``config`` preserves length."""
    out = fold_width(converter(config).convert(text))
    if config in LENGTH_PRESERVING and len(out) != len(text):
        # Should never happen with OpenCC's shipped dictionaries; keep offsets honest if it does.
        out = "".join(fold_width(converter(config).convert(ch)) for ch in text)
    return out


def to_simplified_each(texts: list[str]) -> list[str]:
    """``[to_simplified(t) for t in texts]`` with one OpenCC call for all: a call costs ~1 µs
    whatever its length, the price of each new word spaCy meets. The texts are converted joined
    by line breaks, which no OpenCC phrase holds, so none is converted with its neighbours."""
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1:  # a text holding a line break
        return [to_simplified(t) for t in texts]
    out = fold_width(converter().convert(joined)).split("\n")
    if len(out) != len(texts):
        return [to_simplified(t) for t in texts]
    # a length change is left to ``to_simplified``'s character by character fallback
    return [o if len(o) == len(t) else to_simplified(t) for o, t in zip(out, texts, strict=True)]


@dataclass(frozen=True)
class Normalized:
    """The normalized text of a document and how it aligns with the original."""

    original: str
    text: str
    config: str

    @property
    def aligned(self) -> bool:
        return len(self.text) == len(self.original)


def normalize(text: str, config: str = DEFAULT_CONFIG) -> Normalized:
    """Character-aligned Simplified form of ``text``.

    Phrase configs are applied per token later (``convert_tokens``); the character-aligned
    form always uses the length-preserving base conversion so that regex stages can run on it
    and report offsets that are valid in the original.
    """
    base = config if config in LENGTH_PRESERVING else DEFAULT_CONFIG
    return Normalized(original=text, text=to_simplified(text, base), config=config)


def convert_tokens(tokens: list[str], config: str) -> list[str]:
    """Apply a (possibly length-changing) config to each token independently."""
    conv = converter(config)
    return [fold_width(conv.convert(t)) for t in tokens]


#: how many times more script-specific characters one script needs to call the text that script
SCRIPT_MAJORITY = 4
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _ascii_variants(cp: np.ndarray) -> np.ndarray:
    """Where code points ``cp`` are full-width ASCII variants (U+FF01..U+FF5E)."""
    return (cp >= _WIDE_FIRST) & (cp <= _WIDE_LAST)


def code_points(text: str) -> np.ndarray:
    """The text's characters as an array of code points (lone surrogates included), for
    comparing two aligned texts in one array operation."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _script_changes(text: str, simplified: str) -> int:
    """Positions where t2s changed a character of ``text``, width folding left out: one array
    compare (a per-character Python loop here was a tenth of a worker's time)."""
    if len(text) != len(simplified):
        folded = sum(map(len, _WIDE.findall(text)))
        return sum(map(ne, text, simplified)) - folded
    x, y = code_points(text), code_points(simplified)
    folded = _ascii_variants(x) | (x == _IDEOGRAPHIC_SPACE)
    return int(np.count_nonzero((x != y) & ~folded))


@cache
def simplified_only() -> re.Pattern[str]:
    """Characters that OpenCC's s2t changes on their own (simplified-only forms). Converting
    every Han character once, one per line, is cheaper than running s2t's phrase conversion
    over every document."""
    han = [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    out = converter("s2t").convert("\n".join(han)).split("\n")
    chars = "".join(c for c, t in zip(han, out, strict=True) if c != t)
    return re.compile(f"[{chars}]")


def detect_script(text: str, sample: int = 3000, simplified: str | None = None) -> str:
    """'traditional', 'simplified', 'mixed' or 'none' (no Han characters).

    Counts characters that t2s changes (traditional-only) and that s2t changes (simplified-only)
    over the first ``sample`` characters. Characters shared by both scripts say nothing.
    ``simplified``: the text's ``to_simplified`` form when the caller has it already.
    """
    chunk = text[:sample]
    if not _HAN.search(chunk):
        return "none"
    if simplified is None:
        n_trad = sum(map(ne, chunk, converter("t2s").convert(chunk)))
    else:  # width folding changed some characters too; those are not script differences
        n_trad = _script_changes(chunk, simplified[:sample])
    if n_trad == 0:
        return "simplified"  # whatever simplified-only characters it holds
    n_simp = len(simplified_only().findall(chunk))
    # s2t also "changes" a few characters both scripts use (布→佈), so a clear majority decides
    if n_simp == 0 or n_trad >= SCRIPT_MAJORITY * n_simp:
        return "traditional"
    if n_simp >= SCRIPT_MAJORITY * n_trad:
        return "simplified"
    return "mixed"
