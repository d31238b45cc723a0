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

import yaml

from .table import RESOURCES, alias_table
from .translit import (
    chinese_pattern,
    english_keys,
    english_phones,
    pattern_key,
    similarities,
    similarity,
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
    data = yaml.safe_load((RESOURCES / "phonetic.yaml").read_text(encoding="utf-8"))
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


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


@dataclass
class CandidateIndex:
    """Candidates by sound key and the keys one deletion away (a symmetric-delete index).
    Each entry says whether the key is one of the candidate's own (not a deletion of one)."""

    by_key: dict[str, list[tuple[Candidate, bool]]]
    _nearest: dict[tuple[str, int, int], list[Candidate]] = field(default_factory=dict)

    @classmethod
    def build(cls, cands: list[Candidate]) -> CandidateIndex:
        by_key: dict[str, list[tuple[Candidate, bool]]] = defaultdict(list)
        for c in cands:
            own = english_keys(c.phones)
            for k in own:
                for kk in {k, *_deletes(k)}:
                    by_key[kk].append((c, kk in own))
        return cls(dict(by_key))

    def nearest(self, key: str, length: int, limit: int) -> list[Candidate]:
        """The ``limit`` candidates to score for a pattern of ``length`` phones: closest sound
        keys first, then the commonest names, lengths within reason. Many names share a sound
        key (and short keys reach thousands of candidates), so the answer is kept."""
        got = self._nearest.get((key, length, limit))
        if got is None:
            lo, hi = length * 0.5, length * 2 + 2
            ranked = sorted(
                ((d, c) for d, c in self.lookup(key) if lo <= len(c.phones) <= hi),
                key=lambda dc: (dc[0], -dc[1].prior),
            )
            got = [c for _, c in ranked[:limit]]
            if len(self._nearest) >= 50_000:
                self._nearest.clear()
            self._nearest[(key, length, limit)] = got
        return got

    def lookup(self, key: str) -> list[tuple[int, Candidate]]:
        """Candidates whose key is within about one edit of ``key``, with that distance."""
        seen: dict[tuple[str, str | None], tuple[int, Candidate]] = {}
        for c, own in self.by_key.get(key, ()):  # keys equal, or the English one has one more
            seen.setdefault((c.name, c.entity_id), (0 if own else 1, c))
        for k in _deletes(key):  # the Chinese key has one more, or one differs
            for c, own in self.by_key.get(k, ()):
                seen.setdefault((c.name, c.entity_id), (1 if own else 2, c))
        return list(seen.values())


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
    """(given-name, surname) indexes over the Census lists, built once per process."""
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
    top = index.nearest(pattern_key(pattern), len(pattern), limit)
    by_sound: dict[str, tuple[float, Candidate]] = {}
    people: dict[str, set[str | None]] = defaultdict(set)
    for c, sim in zip(top, similarities(zh, [c.name for c in top]), strict=True):
        s = sim + tier.prior_weight * c.prior
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
    matches = []
    for i, part in enumerate(parts):
        m = _census(part, surname=i == len(parts) - 1)
        if m is None:
            return None
        matches.append(m)
    english = " ".join(m.english for m in matches)
    return BackTransliteration(english, None, min(m.confidence for m in matches), "census")
