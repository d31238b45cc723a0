"""Accuracy, coverage and wrong rate of each name layer on the held-out set.

The held-out names (pipeline/resources/names/eval/heldout_names.tsv) are real foreign names
in their usual mainland transliteration, none of them in the alias table. Each layer answers
on its own, then the cascade that ``resolve()`` runs (alias table → CC-CEDICT → phonetic):

    accuracy = right / all      coverage = answered / all      wrong rate = wrong / answered

An answer is right when it names the expected person: the full English name, or for a
surname-only form its surname (compared without case or accents).

    .venv/bin/python benchmarks/names_heldout.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pipeline.names import resolve
from pipeline.names.cedict import lookup as cedict_lookup
from pipeline.names.heldout import fold, heldout, is_right
from pipeline.names.phonetic import _census, _known, back_transliterate
from pipeline.names.table import form_key


def _cedict(zh: str) -> str | None:
    n = cedict_lookup(form_key(zh))
    return n.canonical if n and n.kind == "person" else None


def _phonetic(zh: str) -> str | None:
    bt = back_transliterate(form_key(zh))
    return bt.english if bt else None


def _cascade(zh: str) -> str | None:
    r = resolve(zh)
    return r.canonical if r else None


LAYERS: dict[str, Callable[[str], str | None]] = {
    "cedict": _cedict,
    "phonetic": _phonetic,
    "cascade (resolve)": _cascade,
}


def main() -> None:
    rows = heldout()
    print(f"held-out names: {len(rows)}")
    print(f"{'layer':20} {'accuracy':>9} {'coverage':>9} {'wrong rate':>11} {'right':>6} "
          f"{'wrong':>6} {'ms/name':>8}")
    wrongs: dict[str, list[str]] = {}
    for name, fn in LAYERS.items():
        right = wrong = 0
        t0 = time.perf_counter()
        for zh, expect in rows:
            ans = fn(zh)
            if ans is None:
                continue
            if is_right(ans, expect):
                right += 1
            else:
                wrong += 1
                wrongs.setdefault(name, []).append(f"{zh}→{ans} (expected {expect})")
        ms = (time.perf_counter() - t0) * 1000 / len(rows)
        answered = right + wrong
        print(f"{name:20} {right / len(rows):9.1%} {answered / len(rows):9.1%} "
              f"{(wrong / answered if answered else 0):11.1%} {right:6d} {wrong:6d} {ms:8.2f}")
    for name, ws in wrongs.items():
        print(f"wrong ({name}): " + "; ".join(ws))
    parts_report(rows)


def parts_report(rows: list[tuple[str, str]]) -> None:
    """The phonetic tiers on each name part alone (given names, surnames)."""
    for role in ("given", "surname"):
        pairs = []
        for zh, expect in rows:
            zparts, eparts = form_key(zh).split("·"), expect.split()
            if role == "surname":
                pairs.append((zparts[-1], eparts[-1]))
            elif len(zparts) > 1 and len(eparts) > 1:
                pairs.append((zparts[0], eparts[0]))
        for tier, fn in (("known", _known), ("census", _census)):
            right = wrong = 0
            for zp, ep in pairs:
                m = fn(zp, role == "surname")
                if m is None:
                    continue
                ok = fold(m.english) == fold(ep)
                right += ok
                wrong += not ok
            ans = right + wrong
            print(f"phonetic {tier:6} tier on {role} parts: {len(pairs)} parts, accuracy "
                  f"{right / len(pairs):.1%}, coverage {ans / len(pairs):.1%}, wrong rate "
                  f"{(wrong / ans if ans else 0):.1%}")


if __name__ == "__main__":
    main()
