"""Phonetic back-transliteration: which English name does a Chinese transliteration render?

Two candidate tiers, tried in order:

- ``known``: the alias table's people (given names and surnames). A new spelling of a known
  name (蘇特斯科夫 for Sutskever) resolves to that entity.
- ``census``: the US Census 1990 name lists (public domain; shipped by the ``names`` package
  on PyPI), the commonest N surnames and all given names. Many English names sound alike
  (Kohl/Cole, Paulson/Paulsen), so this tier answers rarely and with lower confidence.

A candidate is scored by ``translit.similarity`` plus a small frequency prior; the best one is
returned only above the tier's calibrated score and with a margin over the runner-up.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as ir

import numpy as np

from ..diskcache import disk_cached
from ..yamlio import load_yaml
from .table import RESOURCES, alias_table
from .translit import (
    chinese_pattern,
    distance_cap,
    distance_rows,
    english_keys,
    english_phones,
    pattern_key,
    phone_matrix,
    similarity,
    similarity_rows,
)


@dataclass(frozen=True)
class Candidate:
    name: str  # as an analyst writes it: "Brockman"
    phones: str
    prior: float  # 0..1, how likely a news name this is
    entity_id: str | None = None  # set for alias-table names


@dataclass(frozen=True)
class PhoneticMatch:
    english: str
    entity_id: str | None
    score: float
    runner_up: float
    confidence: float
    tier: str


@dataclass(frozen=True)
class Tier:
    name: str
    min_score: float
    min_margin: float
    prior_weight: float
    bins: tuple[tuple[float, float], ...]  # (score from, confidence)

    def confidence(self, score: float) -> float:
        conf = 0.0
        for lo, c in self.bins:
            if score >= lo:
                conf = c
        return conf


#: how closely a written given name must sound like a known person's to confirm them
GIVEN_AGREES = 0.8


@dataclass(frozen=True)
class Calibration:
    known: Tier
    census: Tier  # Census surnames
    census_given: Tier  # Census given names (a stronger frequency prior: John, not Johanna)
    census_surnames: int  # the commonest N Census surnames are candidates (rarer ones: noise)
    max_candidates: int  # scored per query, closest sound keys first
    common_surnames: int  # the commonest N surnames never name a known person alone


def _tier(name: str, d: dict) -> Tier:
    return Tier(
        name,
        float(d["min_score"]),
        float(d["min_margin"]),
        float(d.get("prior_weight", 0.0)),
        tuple((float(a), float(b)) for a, b in d["confidence_bins"]),
    )


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    data = load_yaml((RESOURCES / "phonetic.yaml").read_text(encoding="utf-8"))
    return Calibration(
        known=_tier("known", data["known"]),
        census=_tier("census", data["census"]),
        census_given=_tier("census", data["census_given"]),
        census_surnames=int(data["census_surnames"]),
        max_candidates=int(data["max_candidates"]),
        common_surnames=int(data["common_surnames"]),
    )


def census_rows(file: str) -> list[tuple[str, float]]:
    """(Name, percent frequency) rows of one Census list, most frequent first."""
    text = ir.files("names").joinpath(file).read_text(encoding="ascii")
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0].title(), float(parts[1])))
    return rows


def _prior(pct: float) -> float:
    # 1.0 for the commonest names (~1 %), 0 for the rarest (0.001 %)
    return min(1.0, max(0.0, (math.log10(max(pct, 1e-4)) + 3.0) / 3.0))


def _deletes(key: str) -> list[str]:
    """The keys one deletion away, in the order of the deleted position: a set's order would
    change with the interpreter's string hashing (PYTHONHASHSEED) and, through the order in
    which ``CandidateIndex._rank`` meets candidates, which of tied candidates are scored."""
    return list(dict.fromkeys(key[:i] + key[i + 1 :] for i in range(len(key))))


@dataclass
class CandidateIndex:
    """Candidates by sound key and the keys one deletion away (a symmetric-delete index).

    Held as numpy arrays (a lookup gathers thousands of entries for short keys, which a
    Python loop made the costliest step of meeting a new name): ``keys`` maps a key to the
    candidate numbers filed under it and their distance when the query key equals it (0:
    one of the candidate's own keys, 1: a deletion of one)."""

    cands: list[Candidate]
    keys: dict[str, tuple[np.ndarray, np.ndarray]]
    group: np.ndarray  # candidate number -> number of its (name, entity_id): one answer each
    prior: np.ndarray
    n_phones: np.ndarray
    phone_idx: np.ndarray  # the candidates' ``phone_matrix``, made once, not per query
    phone_drop: np.ndarray
    _ranked: dict[str, np.ndarray] = field(default_factory=dict)
    _nearest: dict[tuple[str, int, int], np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, cands: list[Candidate]) -> CandidateIndex:
        by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, c in enumerate(cands):
            own = english_keys(c.phones)
            for k in own:
                for kk in {k, *_deletes(k)}:
                    by_key[kk].append((i, 0 if kk in own else 1))
        keys = {
            k: (np.array([i for i, _ in v], dtype=np.int32), np.array([d for _, d in v], np.int8))
            for k, v in by_key.items()
        }
        groups: dict[tuple[str, str | None], int] = {}
        group = [groups.setdefault((c.name, c.entity_id), len(groups)) for c in cands]
        phones = [c.phones for c in cands]
        return cls(list(cands), keys, np.array(group, dtype=np.int32),
                   np.array([c.prior for c in cands]),
                   np.array([len(ph) for ph in phones], dtype=np.intp), *phone_matrix(phones))

    def nearest(self, key: str, length: int, limit: int) -> np.ndarray:
        """Numbers of the ``limit`` candidates to score for a pattern of ``length`` phones:
        closest sound keys first, then the commonest names, lengths within reason. Many names
        share a sound key (and short keys reach thousands of candidates), so the answer is
        kept."""
        got = self._nearest.get((key, length, limit))
        if got is None:
            lo, hi = length * 0.5, length * 2 + 2
            ranked = self.ranked(key)
            n = self.n_phones[ranked]
            # filtering after a stable sort keeps the order sorting the filtered list gives
            got = ranked[(lo <= n) & (n <= hi)][:limit]
            _bounded_put(self._nearest, (key, length, limit), got, 50_000)
        return got

    def scores(self, pattern: tuple[frozenset[str], ...], ids: np.ndarray,
               tier: Tier) -> list[float] | None:
        """``similarity`` of a Chinese pattern to each candidate numbered in ``ids``, plus the
        tier's frequency prior; None as soon as none of them can reach the tier's score."""
        lengths = self.n_phones[ids]
        bonus = tier.prior_weight * self.prior[ids]
        n = int(lengths.max(initial=0))  # the widest of these: shorter rows are padded
        d = distance_rows(pattern, self.phone_idx[ids, :n], self.phone_drop[ids, :n], lengths,
                          cap=distance_cap(lengths, bonus, tier.min_score))
        return None if d is None else (similarity_rows(d, lengths) + bonus).tolist()

    def ranked(self, key: str) -> np.ndarray:
        """Numbers of the candidates whose key is within about one edit of ``key``, closest
        first, then commonest, then in the order met; one per (name, entity_id): the first met,
        searching ``key`` itself, then its deletions by position."""
        got = self._ranked.get(key)
        if got is None:
            got = self._rank(key)
            _bounded_put(self._ranked, key, got, 1024)  # up to ~10 KB each
        return got

    def _rank(self, key: str) -> np.ndarray:
        ids, dist = [], []
        if key in self.keys:  # keys equal, or the English one has one more
            i, d = self.keys[key]
            ids.append(i)
            dist.append(d)
        for k in _deletes(key):  # the Chinese key has one more, or one differs
            if k in self.keys:
                i, d = self.keys[k]
                ids.append(i)
                dist.append(d + 1)
        if not ids:
            return np.zeros(0, dtype=np.int32)
        i, d = np.concatenate(ids), np.concatenate(dist)
        first = np.sort(np.unique(self.group[i], return_index=True)[1])
        i, d = i[first], d[first]
        # lexsort is stable: ties keep the order met
        return i[np.lexsort((-self.prior[i], d))]


def _bounded_put(cache: dict, key: object, value: object, limit: int) -> None:
    """A memo that a worker meeting ever new names cannot grow without bound."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


def known_people(exclude: frozenset[str] = frozenset()) -> tuple[list[Candidate], list[Candidate]]:
    """(given names, surnames) of the alias table's people, tied to their entity ids."""
    given, family = [], []
    for ent in alias_table().entities.values():
        if ent.kind != "person" or ent.entity_id in exclude:
            continue
        words = ent.canonical.split()
        if len(words) >= 2:
            given.append(Candidate(words[0], english_phones(words[0]), 1.0, ent.entity_id))
        family.append(Candidate(words[-1], english_phones(words[-1]), 1.0, ent.entity_id))
    return given, family


@lru_cache(maxsize=4)
def known_indexes(exclude: frozenset[str] = frozenset()) -> tuple[CandidateIndex, CandidateIndex]:
    """(given-name, surname) indexes over alias-table people, built once per process."""
    given, family = known_people(exclude)
    return CandidateIndex.build(given), CandidateIndex.build(family)


@lru_cache(maxsize=1)
def census_indexes() -> tuple[CandidateIndex, CandidateIndex]:
    """(given-name, surname) indexes over the Census lists, built once per process (or read
    back from the disk cache: 0.35 s to build, 0.03 s to read)."""
    return disk_cached("census", _build_census_indexes)


def _build_census_indexes() -> tuple[CandidateIndex, CandidateIndex]:
    given = [
        Candidate(n, english_phones(n), _prior(p))
        for f in ("dist.male.first", "dist.female.first")
        for n, p in census_rows(f)
    ]
    top = census_rows("dist.all.last")[: calibration().census_surnames]
    family = [Candidate(n, english_phones(n), _prior(p)) for n, p in top]
    return CandidateIndex.build(given), CandidateIndex.build(family)


def best_match(
    zh: str, index: CandidateIndex, tier: Tier, max_candidates: int | None = None
) -> PhoneticMatch | None:
    """The English name ``zh`` renders, or None below the tier's score or margin."""
    pattern = chinese_pattern(zh)
    if not pattern:
        return None
    limit = max_candidates or calibration().max_candidates
    ids = index.nearest(pattern_key(pattern), len(pattern), limit)
    if not len(ids):
        return None
    scores = index.scores(pattern, ids, tier)
    if scores is None:
        return None  # every score below the tier's minimum: the answer below would be None
    by_sound: dict[str, tuple[float, Candidate]] = {}
    people: dict[str, set[str | None]] = defaultdict(set)
    for c, s in zip((index.cands[i] for i in ids), scores, strict=True):
        people[c.phones].add(c.entity_id)
        old = by_sound.get(c.phones)
        # one sound, several spellings: keep the best-scored spelling only
        if old is None or s > old[0]:
            by_sound[c.phones] = (s, c)
    if not by_sound:
        return None
    scored = sorted(by_sound.values(), key=lambda sc: -sc[0])
    best_s, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best_s < tier.min_score or best_s - second < tier.min_margin:
        return None
    # two known people share the name (Boris and Mike Johnson): the name, but no entity
    entity_id = best.entity_id if len(people[best.phones]) == 1 else None
    return PhoneticMatch(best.name, entity_id, best_s, second, tier.confidence(best_s), tier.name)


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    """Census surnames too common to point at one known person by sound alone (Roberts)."""
    rows = census_rows("dist.all.last")[: calibration().common_surnames]
    return frozenset(_plain(n) for n, _ in rows)


def _plain(name: str) -> str:
    """'Sánchez' -> 'Sanchez' (the Census lists are unaccented)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _common_sound(zh: str, km: PhoneticMatch) -> bool:
    """Does ``zh`` sound as much like a common surname as like the known one (米切尔: Michel
    or Mitchell)? Then a surname alone cannot name the known person."""
    if _plain(km.english) in common_surnames():
        return True
    _, c_family = census_indexes()
    probe = Tier("probe", 0.0, 0.0, 0.0, ())
    cm = best_match(zh, c_family, probe)
    return bool(cm and _plain(cm.english) in common_surnames()
                and cm.score >= km.score - calibration().known.min_margin)


def _known(zh: str, surname: bool) -> PhoneticMatch | None:
    k_given, k_family = known_indexes()
    return best_match(zh, k_family if surname else k_given, calibration().known)


def _census(zh: str, surname: bool) -> PhoneticMatch | None:
    c_given, c_family = census_indexes()
    cal = calibration()
    return best_match(zh, c_family if surname else c_given,
                      cal.census if surname else cal.census_given)


@dataclass(frozen=True)
class BackTransliteration:
    english: str
    entity_id: str | None
    confidence: float
    tier: str


@lru_cache(maxsize=50_000)
def back_transliterate(key: str) -> BackTransliteration | None:
    """English name for a Chinese name key (安德鲁·拜纳姆 -> 'Andrew Bynum') or None.

    The last part is a surname, the others given names. A known person is named only when
    the surname sounds like theirs and is distinctive (Sutskever; not Roberts), or when the
    given name agrees too; otherwise every part must match a Census name.
    """
    parts = [p for p in key.split("·") if p]
    if not parts:
        return None
    table = alias_table()
    km = _known(parts[-1], surname=True)
    if km is not None and km.entity_id:
        canonical = table.entities[km.entity_id].canonical
        if len(parts) == 1 and not _common_sound(parts[0], km):
            return BackTransliteration(canonical, km.entity_id, km.confidence, "known")
        if len(parts) > 1 and similarity(parts[0], canonical.split()[0]) >= GIVEN_AGREES:
            return BackTransliteration(canonical, km.entity_id, km.confidence, "known")
    # every part must match; the surname first, as it fails most often (Census surnames need
    # a near-perfect match), sparing the given names' lookups
    matches = []
    for i in reversed(range(len(parts))):
        m = _census(parts[i], surname=i == len(parts) - 1)
        if m is None:
            return None
        matches.append(m)
    english = " ".join(m.english for m in reversed(matches))
    return BackTransliteration(english, None, min(m.confidence for m in matches), "census")
