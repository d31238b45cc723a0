"""Where names are in a text: alias-table forms and runs of transliteration characters.

Both searches are regular expressions over the normalized (Simplified, width-folded) text,
whose offsets equal the original's: one trie-shaped alternation of every table form, and one
character class of the transliteration table's characters (阿尔特曼, 安德鲁-拜纳姆). Python's
``re`` runs them in C, so no per-character Python loop touches the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from ..yamlio import load_yaml
from .table import NAME_JOINERS, RESOURCES, alias_table
from .translit import translit_table


@dataclass(frozen=True)
class RunRules:
    """``detect.yaml``: how unknown-name runs are cut and typed."""

    min_run_chars: int
    not_after: frozenset[str]
    kind_after: tuple[tuple[str, tuple[str, ...]], ...]
    examples: tuple[dict, ...]

    def kind(self, following: str) -> str:
        for kind, suffixes in self.kind_after:
            if following.startswith(suffixes):
                return kind
        return "person"


@lru_cache(maxsize=1)
def run_rules() -> RunRules:
    data = load_yaml((RESOURCES / "detect.yaml").read_text(encoding="utf-8"))
    return RunRules(
        int(data["min_run_chars"]),
        frozenset(data["not_after"]),
        tuple((k, tuple(v)) for k, v in data["kind_after"].items()),
        tuple(data.get("examples", [])),
    )


MIN_RUN_CHARS = run_rules().min_run_chars
_JOINER_CLASS = "[" + "".join(re.escape(j) for j in NAME_JOINERS) + "]"


@dataclass(frozen=True)
class Tokens:
    """Token boundaries of a document (character offsets), for alignment checks."""

    starts: list[int]
    ends: list[int]

    def aligned(self, start: int, end: int) -> tuple[int, int] | None:
        """The largest token-aligned span inside [start, end), or None."""
        i = bisect_left(self.starts, start)
        j = bisect_right(self.ends, end) - 1
        if i >= len(self.starts) or j < i:
            return None
        return self.starts[i], self.ends[j]

    def inside(self, start: int, end: int) -> list[tuple[int, int]]:
        """Tokens wholly inside [start, end)."""
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.starts) and self.ends[i] <= end:
            out.append((self.starts[i], self.ends[i]))
            i += 1
        return out


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    key: str
    source: str  # "table" | "run"
    inner: Sequence[Candidate] = ()  # table forms inside a full name


#: a trie node with more branches than this is split by first character (see _alternation);
#: 24 measured fastest on news text (8 and 48: 10 % slower)
_FANOUT = 24


@dataclass(frozen=True)
class _Branch:
    """One branch of a trie node: its character, its regex, and the characters that can follow
    that character (None: a key may end there, so anything can)."""

    char: str
    regex: str
    follow: frozenset[str] | None


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation shaped as a trie (fast in ``re``: no backtracking over words)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            atom = _JOINER_CLASS if ch == "·" else re.escape(ch)
            child = node[ch]
            follow = None if "" in child else frozenset(child)
            branches.append(_Branch(ch, atom + emit(child), follow))
        if not branches:
            return ""
        body = _alternation(branches)
        return f"(?:{body})?" if end else body

    return emit(trie)


def _alternation(branches: list[_Branch]) -> str:
    """``re`` tries alternatives one by one; with thousands of first characters that is slow at
    every position. Split them into a balanced tree, each half guarded by a lookahead for its
    first characters and (where known) the characters after them: a position that matches no
    key then fails within a few lookaheads instead of walking down the tree (~2x faster)."""
    if len(branches) <= _FANOUT:
        alts = [b.regex for b in branches]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    half = len(branches) // 2
    left, right = branches[:half], branches[half:]
    return f"(?:{_guard(left)}{_alternation(left)}|{_guard(right)}{_alternation(right)})"


def _guard(branches: list[_Branch]) -> str:
    follows = [b.follow for b in branches if b.follow is not None]
    second = _char_class(frozenset().union(*follows)) if len(follows) == len(branches) else ""
    return f"(?={_char_class(b.char for b in branches)}{second})"


def _char_class(chars: Iterable[str]) -> str:
    """A regex class of ``chars``, where '·' stands for every name joiner."""
    return "[" + "".join(sorted({re.escape(NAME_JOINERS) if ch == "·" else re.escape(ch)
                                 for ch in chars})) + "]"


@lru_cache(maxsize=1)
def table_regex() -> re.Pattern[str]:
    keys = [k for k in alias_table().by_key if k.strip()]
    # two character-class tests (a key's first and second characters) reject ~80 % of
    # positions before the trie's lookahead tree runs
    guard = _char_class(k[0] for k in keys)
    if all(len(k) >= 2 for k in keys):
        guard += _char_class(k[1] for k in keys)
    return re.compile(f"(?={guard})(?:{_trie_pattern(keys)})")


@lru_cache(maxsize=1)
def run_regex() -> re.Pattern[str]:
    chars = "".join(sorted(translit_table().chars))
    cls = f"[{re.escape(chars)}]"
    # joined names, or runs long enough to be an unknown name (shorter ones cost time only);
    # the first character is taken out of both alternatives so that ``re`` sees a class to
    # skip to in C (2.5x faster than trying both at every position)
    more = max(MIN_RUN_CHARS - 1, 0)
    return re.compile(f"{cls}(?:{cls}*(?:{_JOINER_CLASS}{cls}+)+|{cls}{{{more},}})")


_JOINER_RE = re.compile(_JOINER_CLASS)


def _key(norm: str) -> str:
    return _JOINER_RE.sub("·", norm) if _JOINER_RE.search(norm) else norm


def find_candidates(norm_text: str, tokens: Tokens) -> list[Candidate]:
    """Non-overlapping name candidates in text order.

    A name never starts or ends inside a token (马克 in 马克杯 is no name), and a word with a
    common-noun sense (比赛 in 马拉松比赛) ends a run of transliteration characters.
    """
    table: list[Candidate] = []
    starts, ends = tokens.starts, tokens.ends
    n = len(starts)
    for m in table_regex().finditer(norm_text):
        s, e = m.span()
        # tokens.aligned(s, e) == (s, e), inline: a token starts at s and one ends at e
        i = bisect_left(starts, s)
        if i < n and starts[i] == s:
            j = bisect_left(ends, e, i)
            if j < n and ends[j] == e:
                form = m.group()
                # letters and digits only: no joiner to unify (most forms)
                table.append(Candidate(s, e, form if form.isalnum() else _key(form), "table"))
    out: list[Candidate] = []
    ti = 0
    for m in run_regex().finditer(norm_text):
        rs, re_ = m.span()
        while ti < len(table) and table[ti].end <= rs:
            out.append(table[ti])
            ti += 1
        inside = []
        while ti < len(table) and table[ti].start < re_:
            inside.append(table[ti])
            ti += 1
        out.extend(_run_candidates(norm_text, rs, re_, inside, tokens))
    out.extend(table[ti:])
    out.sort(key=_START)
    return out


_START = attrgetter("start")


def _run_candidates(
    text: str, rs: int, re_: int, inside: list[Candidate], tokens: Tokens
) -> list[Candidate]:
    """``_split_run``, but a run that is one table form and nothing else (乌克兰, a third of
    all runs) is that form, without the checks."""
    if len(inside) == 1 and inside[0].start == rs and inside[0].end == re_:
        return inside
    return _split_run(text, rs, re_, inside, tokens)


def _split_run(
    text: str, rs: int, re_: int, inside: list[Candidate], tokens: Tokens
) -> list[Candidate]:
    """A run with the table forms inside it: those stand, the pieces between become runs,
    except a given name joined to a known surname (萨提亚·纳德拉), which stays one name."""
    out: list[Candidate] = []
    pos = rs
    # a short table form followed by a joiner and more name is a given name there
    # (詹姆斯·沃森 is James Watson, not LeBron James): it stays inside the run
    inside = [
        t for t in inside
        if t.start < rs or "·" in t.key or t.end + 1 >= re_ or text[t.end] not in NAME_JOINERS
    ]  # fmt: skip
    # ... and one that more name follows directly (卡斯特罗 in 卡斯特罗维奇, 科斯塔 in
    # 科斯塔里卡) is part of a longer name; a single character after it (阿尔特曼曾) is not
    inside = [t for t in inside if t.start < rs or not _continues(text, t.end, re_)]
    for t in inside:
        if t.start < rs or t.end > re_:  # crosses the run's edge: the table form wins
            out.append(t)
            pos = max(pos, t.end)
            continue
        piece = text[pos : t.start]
        if len(piece) >= 2 and piece[-1] in NAME_JOINERS:  # given name + joiner + surname
            span = tokens.aligned(pos, t.start - 1)
            if span and span[1] == t.start - 1:
                s = span[0]
                out.append(Candidate(s, t.end, _key(text[s : t.end]), "run", [t]))
                pos = t.end
                continue
        out.extend(_piece(text, pos, t.start, tokens))
        out.append(t)
        pos = t.end
    out.extend(_piece(text, pos, re_, tokens))
    return out


def _continues(text: str, end: int, run_end: int) -> bool:
    tail = re.split(_JOINER_CLASS, text[end:run_end], maxsplit=1)[0]
    if len(tail) < 2 or tail in _common_words() or tail in alias_table().by_key:
        return False
    from .cedict import cedict_names

    # a longer name of its own (伊朗 + 伊斯兰) does not continue; two-character CC-CEDICT
    # "names" are mostly obscure (维奇 is a 6th-century pope) and do not stop a name
    return not (len(tail) >= 3 and tail in cedict_names())


def _run_ok(s: str) -> bool:
    return sum(1 for ch in s if ch not in NAME_JOINERS) >= MIN_RUN_CHARS


def _piece(text: str, s: int, e: int, tokens: Tokens) -> list[Candidate]:
    """Candidates in a stretch of a run: token-aligned, split at common words."""
    while s < e and text[s] in NAME_JOINERS:
        s += 1
    while e > s and text[e - 1] in NAME_JOINERS:
        e -= 1
    if e - s < MIN_RUN_CHARS:
        return []
    if s > 0 and text[s - 1] in run_rules().not_after:
        return []  # 3万平方米: a quantity
    if any(j in text[s:e] for j in NAME_JOINERS):  # a joined name: its parts may be words (马克)
        span = tokens.aligned(s, e)
        if span is None:
            return []
        s, e = span
        while s < e and text[s] in NAME_JOINERS:
            s += 1
        while e > s and text[e - 1] in NAME_JOINERS:
            e -= 1
        return [Candidate(s, e, _key(text[s:e]), "run")] if _run_ok(text[s:e]) else []
    out: list[Candidate] = []
    common = _common_words()
    seg: list[tuple[int, int]] = []
    for ts, te in [*tokens.inside(s, e), (e, e)]:
        word = text[ts:te]
        if te > ts and not (te - ts >= 2 and word in common):
            seg.append((ts, te))
            continue
        if seg:
            cs, ce = seg[0][0], seg[-1][1]
            while cs < ce and text[cs] in NAME_JOINERS:
                cs += 1
            while ce > cs and text[ce - 1] in NAME_JOINERS:
                ce -= 1
            if _run_ok(text[cs:ce]):
                out.append(Candidate(cs, ce, _key(text[cs:ce]), "run"))
        seg = []
    return out


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from .cedict import common_words  # loaded on the first run of unknown characters

    return common_words()
