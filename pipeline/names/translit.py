"""Sound comparison between a Chinese transliteration and an English spelling.

Both sides are brought into one small phone alphabet: English spellings by a few spelling
rules (ph→f, ck→k, c before e/i→s, …), Chinese characters through the transliteration table
read backwards (``translit_table.yaml``: 斯 is the bare "s", 曼 is "man"). A weighted edit
distance then says how well the Chinese form renders the English name; near sounds (b/p,
l/r, f/v/w) and the table's optional vowels (the u of 布 in "Brock") cost little.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..yamlio import load_yaml
from .table import RESOURCES

# One symbol per sound: sh, ch, th are single phones in the table and in English.
_DIGRAPHS = (("sh", "ʃ"), ("ch", "ʧ"), ("th", "θ"))
VOWELS = frozenset("aeiou")
OPTIONAL_VOWEL = "@"
#: phones that transliteration treats as one sound class (the prefilter key and cheap swaps)
SOUND_CLASSES: dict[str, str] = {
    "b": "P", "p": "P",
    "d": "T", "t": "T", "θ": "T",
    "g": "K", "k": "K",
    "f": "F", "v": "F", "w": "F",
    "s": "S", "z": "S", "ʃ": "S",
    "j": "J", "ʧ": "J",
    "l": "L", "r": "L",
    "m": "M", "n": "N",
}  # fmt: skip
#: extra pairs that substitute cheaply across classes (th is t or s; sh is s or ch; g/j)
NEAR_PAIRS = frozenset(
    {("θ", "s"), ("s", "θ"), ("ʃ", "ʧ"), ("ʧ", "ʃ"), ("g", "j"), ("j", "g"), ("m", "n"),
     ("n", "m"), ("i", "y"), ("y", "i"), ("u", "w"), ("w", "u"), ("y", "j"), ("j", "y")}
)


@dataclass(frozen=True)
class Costs:
    """Edit costs; named so calibration can read and tune them in one place."""

    near: float = 0.25  # same sound class (b/p, l/r, f/v/w, s/z)
    vowel_swap: float = 0.3
    optional_vowel: float = 0.08  # the table's optional vowel, matched or dropped
    drop_english_vowel: float = 0.4
    drop_english_h: float = 0.25  # silent or swallowed h (Hughes, Johnson)
    drop_english_consonant: float = 0.8
    drop_english_final_r: float = 0.3  # Carter → 卡特: the r after a vowel is often unwritten
    add_chinese_vowel: float = 0.5
    add_chinese_consonant: float = 0.9
    mismatch: float = 1.0


COSTS = Costs()


@dataclass(frozen=True)
class TranslitTable:
    char_patterns: dict[str, tuple[frozenset[str], ...]]  # 斯 -> ({s}, {@})
    chars: frozenset[str]
    examples: list[dict[str, str]]


def to_phones(reading: str) -> str:
    out = reading.lower()
    for d, p in _DIGRAPHS:
        out = out.replace(d, p)
    return out


def _pattern(readings: list[str]) -> tuple[frozenset[str], ...]:
    """One pattern for a character from all its readings (see the table's header)."""
    phones = [to_phones(r) for r in readings]
    explicit = [p for p in phones if OPTIONAL_VOWEL in p]
    if explicit:  # the table spells the pattern out ("@n": 恩 is n with an optional e)
        return tuple(frozenset({ch}) for ch in explicit[0])
    bare = {p for p in phones if not VOWELS.intersection(p)}
    syllabic = [p for p in phones if p not in bare]
    if not syllabic:  # consonant alone: 斯 is s or si, 特 t or te; 尔 (l/r) has no vowel
        onset = sorted(bare)
        out = [frozenset(o[k] for o in onset if len(o) > k) for k in range(max(map(len, onset)))]
        if not bare <= {"l", "r"}:
            out.append(frozenset({OPTIONAL_VOWEL}))
        return tuple(out)
    onsets, rests = [], []
    for p in syllabic:
        i = 0
        while p[i] not in VOWELS:
            i += 1
        onsets.append(p[:i])
        rests.append(p[i:])
    pattern: list[frozenset[str]] = []
    width = max(len(o) for o in onsets)
    for k in range(width):
        opts = frozenset(o[k] for o in onsets if len(o) > k)
        if opts:
            pattern.append(opts)
    first = rests[0]
    same = [v for v in rests if len(v) == len(first)]
    for k in range(len(first)):
        pattern.append(frozenset(v[k] for v in same))
    if len(first) == 1 and any(b in onsets for b in bare):
        pattern[-1] = frozenset({OPTIONAL_VOWEL})  # 布: b or bu
    return tuple(pattern)


def render(pattern: tuple[frozenset[str], ...]) -> str:
    """Readable form of a pattern: 'b@', 'L' for l/r, '[ei]' for alternatives."""
    out = []
    for opts in pattern:
        if opts == frozenset("lr"):
            out.append("L")
        elif len(opts) == 1:
            out.append(next(iter(opts)))
        else:
            out.append("[" + "".join(sorted(opts)) + "]")
    return "".join(out)


@lru_cache(maxsize=1)
def translit_table() -> TranslitTable:
    data = load_yaml((RESOURCES / "translit_table.yaml").read_text(encoding="utf-8"))
    readings: dict[str, list[str]] = {}
    for reading, chars in data["table"].items():
        for ch in str(chars).split():
            readings.setdefault(ch, []).append(str(reading))
    patterns = {ch: _pattern(rs) for ch, rs in readings.items()}
    return TranslitTable(patterns, frozenset(patterns), list(data.get("examples", [])))


# English spelling → phones. Ordered; each is (regex, replacement). Data-like but tied to the
# phone alphabet above, so it lives next to it.
_ENGLISH_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b)
    for a, b in (
        (r"^kn", "n"), (r"^wr", "r"), (r"^wh", "w"), (r"gh", ""), (r"mb$", "m"), (r"alk", "ok"),
        (r"tch", "ʧ"), (r"sch", "ʃ"), (r"chr", "kr"), (r"sh", "ʃ"), (r"ch", "ʧ"),
        (r"ph", "f"), (r"th", "θ"), (r"ck", "k"), (r"qu", "kw"), (r"q", "k"), (r"x", "ks"),
        (r"c(?=[eiy])", "s"), (r"c", "k"), (r"(ee|ea|ie|ey$|y$)", "i"), (r"oo", "u"),
        (r"ew", "u"), (r"au", "o"), (r"a[iy]", "e"), (r"ng(?![aeiou])", "n"),
        (r"(?<=[aeiou])w", ""), (r"(?<=[aeiou])y", ""), (r"y(?![aeiou])", "i"),
        (r"^y", "y"), (r"(?<=[^aeiou])e$", ""), (r"([a-zʃʧθ])\1", r"\1"),
    )
)  # fmt: skip


@lru_cache(maxsize=200_000)
def english_phones(name: str) -> str:
    """Phones of an English name part ('Brockman' -> 'brokman', 'Smith' -> 'smiθ')."""
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(c for c in s if "a" <= c <= "z")
    for rx, rep in _ENGLISH_RULES:
        s = rx.sub(rep, s)
    return s


def chinese_pattern(zh: str) -> tuple[frozenset[str], ...] | None:
    """Concatenated pattern of a Simplified transliteration; None if a character is unknown."""
    table = translit_table().char_patterns
    out: list[frozenset[str]] = []
    for ch in zh:
        p = table.get(ch)
        if p is None:
            return None
        out.extend(p)
    return tuple(out)


def sound_key(phones: str) -> str:
    """Consonant-class skeleton ('brokman' -> 'PLKMN'), repeats collapsed: the prefilter."""
    out: list[str] = []
    for p in phones:
        c = SOUND_CLASSES.get(p)
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def pattern_key(pattern: tuple[frozenset[str], ...]) -> str:
    """The sound key of a Chinese pattern (a character's alternatives share a class)."""
    return sound_key("".join(min(opts) for opts in pattern))


@lru_cache(maxsize=200_000)
def english_keys(phones: str) -> frozenset[str]:
    """Keys of English phones; th is keyed both as t (Thomas 托马斯) and s (Smith 史密斯)."""
    variants = {phones}
    if "θ" in phones:
        variants.add(phones.replace("θ", "s"))
    # an r after a vowel is often left out (Carter 卡特) and often kept (Altman 阿尔特曼)
    variants |= {_POST_VOCALIC_R.sub("", v) for v in variants}
    return frozenset(sound_key(v) for v in variants)


_POST_VOCALIC_R = re.compile(r"(?<=[aeiou])r(?![aeiou])")


def _sub_cost(opts: frozenset[str], e: str, c: Costs) -> float:
    if e in opts:
        return 0.0
    if OPTIONAL_VOWEL in opts:
        return c.optional_vowel if e in VOWELS else c.mismatch
    ec = SOUND_CLASSES.get(e)
    for o in opts:
        if (ec is not None and SOUND_CLASSES.get(o) == ec) or (o, e) in NEAR_PAIRS:
            return c.near
        if o in VOWELS and e in VOWELS:
            return c.vowel_swap
    return c.mismatch


def _drop_english(phones: str, i: int, c: Costs) -> float:
    e = phones[i]
    if e in VOWELS:
        return c.drop_english_vowel
    if e == "h":
        return c.drop_english_h
    if e == "r" and i > 0 and phones[i - 1] in VOWELS:
        return c.drop_english_final_r
    return c.drop_english_consonant


def _add_chinese(opts: frozenset[str], c: Costs) -> float:
    if OPTIONAL_VOWEL in opts:
        return c.optional_vowel
    if opts & VOWELS:
        return c.add_chinese_vowel
    return c.add_chinese_consonant


@lru_cache(maxsize=4096)
def _token_costs(opts: frozenset[str], costs: Costs) -> tuple[dict[str, float], float]:
    """Substitution cost per English phone for one pattern token, and its insertion cost."""
    phones = set(SOUND_CLASSES) | VOWELS | {"h", "y"}
    return {e: _sub_cost(opts, e, costs) for e in phones}, _add_chinese(opts, costs)


def distance(pattern: tuple[frozenset[str], ...], phones: str, costs: Costs = COSTS) -> float:
    """Weighted edit distance between a Chinese pattern and English phones."""
    *_, last = _distance_rows(pattern, phones, costs)
    return last[-1]


def _distance_rows(pattern: tuple[frozenset[str], ...], phones: str,
                   costs: Costs) -> Iterator[list[float]]:
    """The edit-distance table, one row per pattern token (after the first, all English
    dropped): a caller can stop once a row rules its answer out."""
    n = len(phones)
    drop = [_drop_english(phones, j, costs) for j in range(n)]
    prev = [0.0] * (n + 1)
    for j in range(1, n + 1):
        prev[j] = prev[j - 1] + drop[j - 1]
    yield prev
    for opts in pattern:
        sub, add = _token_costs(opts, costs)
        cur = [prev[0] + add] + [0.0] * n
        for j in range(1, n + 1):
            a = prev[j - 1] + sub.get(phones[j - 1], costs.mismatch)
            b = prev[j] + add
            c = cur[j - 1] + drop[j - 1]
            cur[j] = a if a <= b and a <= c else (b if b <= c else c)
        prev = cur
        yield prev


@lru_cache(maxsize=50_000)  # coreference compares each short form with every person met
def similarity(zh: str, english: str) -> float:
    """1 − distance per English phone, in [0, 1]; 0 when ``zh`` has non-table characters."""
    pattern = chinese_pattern(zh)
    phones = english_phones(english)
    if pattern is None or not phones:
        return 0.0
    d = distance(pattern, phones)
    return max(0.0, 1.0 - d / max(len(phones), 1))


@lru_cache(maxsize=50_000)  # coreference asks this of each short form and every person met
def sounds_like(zh: str, english: str, at_least: float) -> bool:
    """``similarity(zh, english) >= at_least``, stopping once the distance so far rules it out:
    no later cell is below the smallest of a row (costs are never negative), and most pairs
    asked about sound nothing alike."""
    pattern = chinese_pattern(zh)
    phones = english_phones(english)
    if pattern is None or not phones:
        return at_least <= 0.0
    n = len(phones)
    rows = _distance_rows(pattern, phones, COSTS)
    row = next(rows)
    for row in rows:  # the rows of ``distance``: the same sums in the same order
        if max(0.0, 1.0 - min(row) / n) < at_least:
            return False
    return max(0.0, 1.0 - row[n] / n) >= at_least


#: every phone an English spelling can leave (a-z and the digraph symbols); anything else is
#: scored as a mismatch, as ``distance`` does
_PHONES = "abcdefghijklmnopqrstuvwxyzʃʧθ"
_PHONE_INDEX = {p: i for i, p in enumerate(_PHONES)}


@lru_cache(maxsize=4096)
def _token_row(opts: frozenset[str], costs: Costs) -> tuple[np.ndarray, float]:
    """``_token_costs`` as an array over ``_PHONES`` (one extra slot for an unknown phone)."""
    sub, add = _token_costs(opts, costs)
    row = np.full(len(_PHONES) + 1, costs.mismatch)
    for p, v in sub.items():
        if p in _PHONE_INDEX:
            row[_PHONE_INDEX[p]] = v
    return row, add


@lru_cache(maxsize=200_000)
def _phone_arrays(phones: str, costs: Costs) -> tuple[np.ndarray, np.ndarray]:
    """Phone indexes and the cost of dropping each phone, for one English name."""
    idx = np.fromiter((_PHONE_INDEX.get(p, len(_PHONES)) for p in phones), dtype=np.intp,
                      count=len(phones))
    drop = np.fromiter((_drop_english(phones, j, costs) for j in range(len(phones))),
                       dtype=np.float64, count=len(phones))
    return idx, drop


def phone_matrix(phones: list[str], costs: Costs = COSTS) -> tuple[np.ndarray, np.ndarray]:
    """Phone indexes and drop costs of many phone strings, one row each (padded with an
    unknown phone that costs nothing to drop), for ``distance_rows``."""
    k, n = len(phones), max(map(len, phones), default=0)
    idx = np.full((k, n), len(_PHONES), dtype=np.intp)
    drop = np.zeros((k, n))
    for r, ph in enumerate(phones):
        i, d = _phone_arrays(ph, costs)
        idx[r, : len(ph)] = i
        drop[r, : len(ph)] = d
    return idx, drop


#: room left below a bound that adds costs in another order than the recurrence does (the
#: float sums differ by ~1e-13 at most; a name's distances are below 100)
_BOUND_SLACK = 1e-9


@lru_cache(maxsize=4096)
def _pattern_rows(pattern: tuple[frozenset[str], ...],
                  costs: Costs) -> tuple[np.ndarray, np.ndarray]:
    """``_token_row`` of every token of a pattern, stacked (a name is scored against the known
    and the Census candidates alike)."""
    rows = [_token_row(opts, costs) for opts in pattern]
    return (np.array([r for r, _ in rows]).reshape(len(rows), len(_PHONES) + 1),
            np.array([a for _, a in rows]))


def distance_rows(pattern: tuple[frozenset[str], ...], idx: np.ndarray, drop: np.ndarray,
                  lengths: np.ndarray, costs: Costs = COSTS,
                  cap: np.ndarray | None = None) -> np.ndarray | None:
    """``distance`` of one pattern to each row of a ``phone_matrix`` (of ``lengths`` phones):
    the same sums in the same order, all rows at once (names are scored ~60 at a time; a
    Python loop per cell made this the costliest step of meeting a new name).

    None if a lower bound of every row's distance exceeds the row's ``cap`` (see
    ``distance_cap``), checked before the first pattern token and after each: the smallest cell
    so far (costs are never negative, nor is a rounded sum below its terms) plus the least that
    the tokens still to come cost, each its cheapest substitution by a phone of the row or its
    insertion. Most new names match no candidate closely, and half of them stop before the
    first token."""
    k, n = idx.shape
    m = len(pattern)
    rowmat, add = _pattern_rows(pattern, costs)
    # phone-major (one contiguous row of k per phone): the loop below touches one at a time
    idx = idx.T
    sub = rowmat[:, idx]  # sub[t, j, r]: the cost of substituting token t for phone j of row r
    room = None
    if cap is not None and m:
        least = np.minimum(sub.min(axis=1, initial=np.inf), add[:, None])
        rest = np.empty((m + 1, k))  # rest[t]: the least the tokens from t on can add
        rest[m] = 0.0
        np.cumsum(least[::-1], axis=0, out=rest[m - 1 :: -1][:m])
        # room[t]: what a row's cells may reach before token t and still come in under its cap
        # (one comparison per check; the slack covers the rounding of this difference too)
        room = cap - rest + _BOUND_SLACK
        if (room[0] < 0).all():  # before the first token every cell is >= 0
            return None
    drop = np.ascontiguousarray(drop.T)
    # row r is exact up to its own length; the padding after it never flows back
    prev = np.zeros((n + 1, k))
    np.cumsum(drop, axis=0, out=prev[1:])  # a running sum adds in the same order
    cur = np.empty_like(prev)
    best = np.empty((n, k))
    b = np.empty((n, k))
    tmp = np.empty(k)
    # each buffer's rows as views made once: the cell loop then makes no new arrays
    views = {id(prev): list(prev), id(cur): list(cur)}
    best_rows, drop_rows = list(best), list(drop)
    for t in range(m):
        a_t = add[t]
        # a: substitute, b: add a Chinese phone
        np.add(prev[:-1], sub[t], out=best)
        np.add(prev[1:], a_t, out=b)
        np.minimum(best, b, out=best)
        np.add(prev[0], a_t, out=cur[0])
        cv = views[id(cur)]
        for j in range(n):
            np.add(cv[j], drop_rows[j], out=tmp)  # c: drop an English phone
            np.minimum(best_rows[j], tmp, out=cv[j + 1])
        prev, cur = cur, prev
        if room is not None and (prev.min(axis=0) > room[t + 1]).all():
            return None
    return prev[lengths, np.arange(k)]


def similarity_rows(distance: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``similarity`` from ``distance_rows`` (0 for an empty phone string)."""
    return np.where(lengths > 0, similarity_bound(distance, lengths), 0.0)


def distance_cap(lengths: np.ndarray, bonus: np.ndarray, min_score: float) -> np.ndarray:
    """Per row, a distance beyond which ``similarity_rows`` plus ``bonus`` is surely below
    ``min_score`` (inf where no distance is): 1 - d / L + bonus < min_score when
    d > L (1 - min_score + bonus), less a margin far above the rounding of either side."""
    need = min_score - bonus  # what the similarity itself must reach
    cap = np.maximum(lengths, 1) * (1.0 - need) + _BOUND_SLACK
    return np.where(need > 0, cap, np.inf)


def similarity_bound(distance: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``similarity`` per row at ``distance``; at least the true one for an empty string."""
    return np.maximum(0.0, 1.0 - distance / np.maximum(lengths, 1))
