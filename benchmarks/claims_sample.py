"""Precision check: run names+timex+claims over N random CCTV stories, print claims per 1 000
sentences and a sample of rows to hand-check.

usage: python benchmarks/claims_sample.py [N_STORIES] [N_ROWS] [SEED]
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import stories
from pipeline.ingest.sources import read_bytes
from pipeline.nlp import get_nlp
from pipeline.process import process


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    n_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    pool = [s["text"] for s in stories(limit=5000) if s.get("text")]
    picked = rng.sample(pool, min(n, len(pool)))
    stages = tuple(s for s in ("names", "timex") if importlib.util.find_spec(f"pipeline.{s}"))
    a = get_nlp((*stages, "claims"))
    rows, sents = [], 0
    for i, text in enumerate(picked):
        raw = next(iter(read_bytes(text.encode("utf-8"), f"story{i}.txt")))
        ext = process(raw, a)
        sents += len(ext.tables["sentences"])
        rows.extend(ext.tables["claims"])
    print(f"stages={(*stages, 'claims')} stories={len(picked)} sentences={sents} "
          f"claims={len(rows)} per_1000_sentences={1000 * len(rows) / max(sents, 1):.1f}")
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[str(r["speaker_kind"])] = kinds.get(str(r["speaker_kind"]), 0) + 1
    print("speaker_kind:", kinds)
    for r in rng.sample(rows, min(n_rows, len(rows))):
        print(f"- [{r['speaker_kind']}] {r['speaker_text']!s} ={r['speaker']!s} "
              f"| {r['cue']} | outlet={r['source_outlet']} via={r['via']} hedged={r['hedged']} "
              f"| {r['content'][:60]}")


if __name__ == "__main__":
    main()
