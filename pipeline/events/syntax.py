"""Clauses and noun phrases of one sentence, from token norms and jieba POS tags.

Only sentences holding a trigger are looked at. POS tags come from a jieba dictionary lookup of
each token's Simplified form (cached per word), so they cost nothing on the rest of the text.
Known entities and time expressions override the tags: an entity is always a noun phrase, a
time expression never is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import rjieba

from ..segment import HMM_WARM_UP
from .resources import load

_JIEBA = rjieba.Jieba()


def hmm() -> None:
    """Load jieba's HMM model now (see ``pipeline.events.warm``): jieba reads it, ~50 ms once per
    process, on the first text holding a word outside its dictionary (an unknown name here).
    Not through ``pos``: its cache stays as the documents fill it."""
    _JIEBA.tag(HMM_WARM_UP)


@lru_cache(maxsize=200_000)
def pos(norm: str) -> str:
    """The jieba POS tag of a word (of its last piece when jieba would split it)."""
    if not norm or norm.isspace():
        return "w"
    if norm.isascii():
        return "m" if norm.replace(".", "").isdigit() else ("eng" if norm.isalnum() else "w")
    tags = _JIEBA.tag(norm)
    return tags[-1][1] if tags else "x"


@dataclass(frozen=True)
class Grammar:
    clause_breaks: frozenset[str]
    passive: frozenset[str]
    announce: frozenset[str]
    negated: frozenset[str]
    speculated: frozenset[str]
    planned: frozenset[str]
    negation_window: int
    openers: frozenset[str]
    prepositions: frozenset[str]
    np_tags: frozenset[str]
    head_tags: frozenset[str]
    np_break: frozenset[str]
    trailing_time: tuple[str, ...]
    pronouns: frozenset[str]
    reflexives: frozenset[str]
    surnames: frozenset[str]
    nouns: frozenset[str]  # words that are nouns whatever jieba's tag (job titles: 处长)
    pronoun_phrases: frozenset[str]  # a whole noun phrase by itself (他|无法: 无法 is no part)
    compound_heads: frozenset[str]  # a trigger before one of these modifies it (谈判代表团)
    determiners: frozenset[str]  # 此次收购: the trigger is a noun, the clause subject no party
    clause_reach: int  # tokens of a clause read either side of a trigger


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    g = load("grammar")
    m = g["modality"]
    return Grammar(
        frozenset(g["clause_breaks"]), frozenset(g["passive"]), frozenset(g["announce"]),
        frozenset(m["negated"]), frozenset(m["speculated"]), frozenset(m["planned"]),
        int(g["negation_window"]), frozenset(g["speculated_openers"]),
        frozenset(g["prepositions"]), frozenset(g["np_tags"]),
        frozenset(g["head_tags"]),
        frozenset(g["np_break"]) | frozenset(g["passive"]) | frozenset(g["announce"])
        | frozenset(m["negated"]) | frozenset(m["speculated"]) | frozenset(m["planned"]),
        tuple(sorted(g["np_trailing_time"], key=len, reverse=True)), frozenset(g["pronouns"]),
        frozenset(g["reflexives"]), frozenset(g["surnames"]),
        frozenset(load("titles")["titles"]), frozenset(g["pronoun_phrases"]),
        frozenset(g["compound_heads"]), frozenset(g["determiners"]), int(g["clause_reach"]),
    )


def punctuation(w: str) -> bool:
    """A token of punctuation only (“ 」 《): never inside a noun phrase."""
    return not any(c.isalnum() for c in w)


_BRIDGE = frozenset(("的", " ", "·", "-", "&", "、"))  # inside a noun phrase only between two parts
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》"}  # opening → closing mark
_CLAUSE_OPENING_TAGS = ("p", "c", "d")  # jieba tags of a word opening a clause, not a name
_QUOTED_MAX = 8  # tokens of a quoted name; a longer quotation is a quote, not a name


_NP, _HEAD = 1, 2  # tag bits of a token: may be part of a noun phrase, may head one


def word_tags(w: str) -> int:
    """The tag bits of a word outside entities and timexes."""
    g = grammar()
    if w in g.np_break or w in g.clause_breaks or (punctuation(w) and w not in _BRIDGE):
        return 0
    if w in g.nouns:
        return _NP | _HEAD
    t = pos(w)
    noun = t[0] == "n"
    return (_NP if t in g.np_tags or noun else 0) | (_HEAD if t in g.head_tags or noun else 0)


class _WordTags(dict):
    """word → ``word_tags(word)``, computed on first lookup. The tags are a function of the word
    alone, so the jieba lookup and set tests run once per distinct word, and ``map(table.
    __getitem__, words)`` then runs in C (an ``lru_cache`` call costs several times a dict hit).
    """

    def __missing__(self, w: str) -> int:
        if len(self) >= 200_000:
            self.clear()  # bounded, like pos()
        v = self[w] = word_tags(w)
        return v


_TAGS = _WordTags()


class Sentence:
    """Token-level view of one sentence: norms, NP flags, clause boundaries (absolute indices).

    ``known(start, end)`` gives the entity and time-expression tokens among tokens [start, end)
    (sorted lists of absolute indices; they may hold others too). It is called only when the NP
    flags are first read: a trigger that its clause's context rules out needs the clause
    boundaries alone, and the time expressions cost to read.
    """

    def __init__(self, norms: list[str], offset: int,
                 known: Callable[[int, int], tuple[list[int], list[int]]]) -> None:
        g = grammar()
        self.offset = offset
        self.norms = norms
        self._known = known
        breaks = [k for k, w in enumerate(norms) if w in g.clause_breaks]
        self.breaks = [k + offset for k in breaks if self._breaks(k, norms[k], g)]
        self.tags: list[int] = []  # per token: _NP | _HEAD bits, set by _tag on first use
        self.reach = g.clause_reach  # text without punctuation: one bounded clause per token

    def _tag(self) -> None:
        g = grammar()
        norms, offset, n = self.norms, self.offset, len(self.norms)
        tags = self.tags = list(map(_TAGS.__getitem__, norms))
        entity, timex = self._known(offset, offset + n)
        # known spans override the word's tags: an entity is a noun phrase (wins over a timex
        # on the same token), a time expression never is
        for a in timex[bisect_left(timex, offset):bisect_left(timex, offset + n)]:
            tags[a - offset] = 0
        for a in entity[bisect_left(entity, offset):bisect_left(entity, offset + n)]:
            tags[a - offset] = _NP | _HEAD
        if not g.surnames.isdisjoint(norms):  # set tests in C: most sentences skip the loops
            self._names(g)
        if not _QUOTES.keys().isdisjoint(norms):
            self._quoted()

    def _names(self, g: Grammar) -> None:
        """张|小|芬: a surname and one or two more single characters make a name."""
        norms = self.norms
        for k in [k for k, w in enumerate(norms) if w in g.surnames]:
            if self.tags[k] & _HEAD:
                continue
            n = 0
            while n < 2 and k + n + 1 < len(norms) and self._name_char(norms[k + n + 1], g):
                n += 1
            if n:
                for t in range(k, k + n + 1):
                    self.tags[t] = _NP | _HEAD

    def _quoted(self) -> None:
        """「飞的」, “星驰S9”: a short quoted name is one noun phrase, its marks included (the
        argument's edges drop them again)."""
        norms = self.norms
        for k in [k for k, w in enumerate(norms) if w in _QUOTES]:
            close = _QUOTES[norms[k]]
            for m in range(k + 1, min(k + 1 + _QUOTED_MAX, len(norms))):
                if norms[m] == close:
                    # “因健康理由”: a quoted clause (opening with p/c/d) is no name
                    if m > k + 1 and pos(norms[k + 1])[:1] not in _CLAUSE_OPENING_TAGS:
                        for t in range(k, m + 1):
                            self.tags[t] = _NP | _HEAD
                    break
                if norms[m] in grammar().clause_breaks:
                    break

    @staticmethod
    def _name_char(w: str, g: Grammar) -> bool:
        return (len(w) == 1 and "\u4e00" <= w <= "\u9fff" and w not in g.np_break
                and w not in g.clause_breaks)

    def _breaks(self, k: int, w: str, g: Grammar) -> bool:
        if w not in g.clause_breaks:
            return False
        if w == ":" and 0 < k < len(self.norms) - 1:  # 8:09 is a clock
            return not (self.norms[k - 1][-1:].isdigit() and self.norms[k + 1][:1].isdigit())
        return True

    def norm(self, i: int) -> str:
        return self.norms[i - self.offset]

    def words(self, start: int, end: int) -> list[str]:
        """The norms of tokens [start, end) (absolute indices, clipped to the sentence)."""
        o = self.offset
        return self.norms[max(start - o, 0):max(end - o, 0)]

    def flags(self) -> list[int]:
        """Per token: its ``_NP | _HEAD`` bits (tagged on first use)."""
        if not self.tags:
            self._tag()
        return self.tags

    def is_np(self, i: int) -> bool:
        return bool(self.flags()[i - self.offset] & _NP)

    def clause(self, i: int) -> tuple[int, int]:
        """[start, end) token indices of the clause holding token i."""
        k = bisect_left(self.breaks, i)  # the first break at or after i ends the clause
        start = self.breaks[k - 1] + 1 if k else self.offset
        end = self.breaks[k] if k < len(self.breaks) else self.offset + len(self.norms)
        return max(start, i - self.reach), min(end, i + self.reach)

    @cached_property
    def first_opener(self) -> int:
        """The first token that is a speculative opener (据悉), or past the sentence: whether
        one precedes a trigger is then one comparison, not a read of the sentence so far."""
        openers = grammar().openers
        return self.offset + next((k for k, w in enumerate(self.norms) if w in openers),
                                  len(self.norms))

    # np_right and np_left index the norm and flag lists directly: they run for every token
    # of a clause, where a method call per token costs more than the test itself
    def np_right(self, k: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase starting at token k (before limit), if it has a nominal head."""
        if k >= limit:
            return None
        o, norms, tags = self.offset, self.norms, self.flags()
        if not tags[k - o] & _NP:
            return None
        pron = grammar().pronoun_phrases
        if norms[k - o] in pron:
            return k, k + 1
        e = k + 1
        while e < limit:
            w = norms[e - o]
            if w in pron or not (tags[e - o] & _NP or (
                    w in _BRIDGE and e + 1 < limit and tags[e + 1 - o] & _NP)):
                break
            e += 1
        return self._trim(k, e)

    def np_left(self, e: int, lower: int) -> tuple[int, int] | None:
        """The noun phrase ending just before token e (not before lower)."""
        if e - 1 < lower:
            return None
        o, norms, tags = self.offset, self.norms, self.flags()
        if not tags[e - 1 - o] & _NP:
            return None
        pron = grammar().pronoun_phrases
        if norms[e - 1 - o] in pron:
            return e - 1, e
        s = e - 1
        while s > lower:
            w = norms[s - 1 - o]
            if w in pron or not (tags[s - 1 - o] & _NP or (
                    w in _BRIDGE and s - 2 >= lower and tags[s - 2 - o] & _NP)):
                break
            s -= 1
        return self._trim(s, e)

    def _trim(self, s: int, e: int) -> tuple[int, int] | None:
        """Drop a time word split over tokens (李文斌上|月) from the end; keep headed phrases."""
        tail = "".join(self.norms[max(s, e - 2) - self.offset:e - self.offset])
        times = grammar().trailing_time
        for w in times if tail.endswith(times) else ():  # one C call rules most phrases out
            if tail.endswith(w):
                cut = e
                acc = ""
                while cut > s and len(acc) < len(w):
                    cut -= 1
                    acc = self.norm(cut) + acc
                if acc == w:
                    e = cut
                break
        return (s, e) if e > s and self._headed(s, e) else None

    def _headed(self, s: int, e: int) -> bool:
        return any(t & _HEAD for t in self.flags()[s - self.offset:e - self.offset])
