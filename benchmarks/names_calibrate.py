"""Calibrate the phonetic layer on the alias table's own people (never on the held-out set).

known tier: each alias-table person's Chinese surname form against the alias table's surnames
(as if the form were a new spelling: does it find its own person?), plus negatives: CC-CEDICT
transliterated person names that are no alias-table person (the tier must abstain on them;
any answer is wrong). Without negatives the tier would look far better than it is on news,
where most unknown names are not the table's people.
census tier: the same forms against the Census surnames only (as if the person were unknown);
answers for surnames the Census lacks are wrong by construction.

Prints right / wrong / abstained per setting and the share right per score bin, from which
pipeline/resources/names/phonetic.yaml takes its numbers.

    .venv/bin/python benchmarks/names_calibrate.py
"""

from __future__ import annotations

import dataclasses
import itertools

from pipeline.names.cedict import cedict_names
from pipeline.names.phonetic import (
    Tier,
    best_match,
    calibration,
    census_indexes,
    known_indexes,
)
from pipeline.names.table import alias_table, is_latin
from pipeline.names.translit import chinese_pattern

BINS = (0.8, 0.85, 0.9, 0.95, 1.0)


def calibration_set() -> list[tuple[str, str, str]]:
    """(Chinese surname form, English surname, entity_id) of alias-table people."""
    out = set()
    for ent in alias_table().entities.values():
        words = ent.canonical.split()
        if ent.kind != "person" or len(words) < 2:
            continue
        for r in ent.rows:
            if is_latin(r.key) or r.ambiguous:
                continue
            part = r.key.split("·")[-1]
            if chinese_pattern(part):
                out.add((part, words[-1], ent.entity_id))
    return sorted(out)


def negatives() -> list[str]:
    """CC-CEDICT single-part transliterated person names that are nobody in the alias table."""
    table = alias_table()
    known = {e.canonical.split()[-1].lower() for e in table.entities.values()
             if e.kind == "person"}
    out = []
    for key, n in cedict_names().items():
        if n.kind != "person" or not n.canonical or "·" in key or len(key) < 3:
            continue
        if key in table.by_key or not chinese_pattern(key):
            continue
        if n.canonical.split()[-1].lower() not in known:
            out.append(key)
    return sorted(out)


def sweep(name: str, rows: list[tuple[float, float, bool] | None], n: int) -> None:
    results = []
    for ms, mm in itertools.product((0.85, 0.9, 0.93, 0.95, 0.97, 1.0), (0.0, 0.03, 0.05, 0.1)):
        kept = [r for r in rows if r and r[0] >= ms and r[1] >= mm]
        right = sum(r[2] for r in kept)
        wrong = len(kept) - right
        results.append((right - 3 * wrong, ms, mm, right, wrong, n - len(kept)))
    for u, ms, mm, right, wrong, abst in sorted(results, reverse=True)[:4]:
        print(f"  {name}: utility(right-3*wrong)={u} min_score={ms} min_margin={mm} "
              f"right={right} wrong={wrong} abstain={abst}")
    for mm in (0.05, 0.1):
        cells = []
        for lo in BINS:
            b = [r for r in rows if r and lo <= r[0] < lo + 0.05 and r[1] >= mm]
            if b:
                cells.append(f"[{lo:.2f},{lo + 0.05:.2f}) {sum(r[2] for r in b)}/{len(b)}")
        print(f"  {name}: right/answered by score bin, margin>={mm}: " + "  ".join(cells))


def main() -> None:
    cal = calibration()
    pairs = calibration_set()
    print(f"calibration pairs: {len(pairs)}")
    open_tier = Tier("probe", 0.0, 0.0, 0.0, ())
    # known tier: leave nothing out (a form must find its own person among all)
    _, k_family = known_indexes()
    rows = []
    for zh, _, eid in pairs:
        m = best_match(zh, k_family, open_tier)
        rows.append((m.score, m.score - m.runner_up, m.entity_id == eid) if m else None)
    neg = negatives()
    print(f"known-tier negatives (CC-CEDICT people not in the table): {len(neg)}")
    for zh in neg:
        m = best_match(zh, k_family, open_tier)
        rows.append((m.score, m.score - m.runner_up, False) if m else None)
    sweep("known", rows, len(pairs) + len(neg))
    _, c_family = census_indexes()
    for pw in (0.0, 0.05, 0.1):
        tier = dataclasses.replace(open_tier, prior_weight=pw)
        rows = []
        for zh, en, _ in pairs:
            m = best_match(zh, c_family, tier)
            rows.append((m.score, m.score - m.runner_up, m.english == en) if m else None)
        sweep(f"census prior_weight={pw}", rows, len(pairs))
    print(f"(in use: known {cal.known.min_score}/{cal.known.min_margin}, census "
          f"{cal.census.min_score}/{cal.census.min_margin} pw={cal.census.prior_weight})")


if __name__ == "__main__":
    main()
