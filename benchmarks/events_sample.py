"""Precision check by hand: events over N random CCTV stories, per 1 000 sentences, plus a sample.

    .venv/bin/python benchmarks/events_sample.py --n 200 --show 50 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import stories
from pipeline.nlp import get_nlp
from pipeline.process import process
from pipeline.records import RawDocument


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="stories to sample")
    ap.add_argument("--pool", type=int, default=5000, help="sample from the first POOL stories")
    ap.add_argument("--show", type=int, default=50, help="events to print for checking")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stages", default="names,timex,claims,events")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    texts = [s["text"] for s in stories(limit=a.pool) if s.get("text")]
    texts = rng.sample(texts, min(a.n, len(texts)))
    nlp = get_nlp(tuple(a.stages.split(",")))
    rows, sents = [], 0
    for k, t in enumerate(texts):
        x = process(RawDocument(source=f"cctv:{k}", body=t), nlp)
        sents += len(x.tables["sentences"])
        rows += x.tables["events"]
    types = Counter(r["event_type"] for r in rows)
    print(f"{len(texts)} stories, {sents} sentences, {len(rows)} events: "
          f"{1000 * len(rows) / max(sents, 1):.1f} per 1 000 sentences")
    print("by type:", ", ".join(f"{t} {c}" for t, c in types.most_common()))
    for r in rng.sample(rows, min(a.show, len(rows))):
        args = "; ".join(f"{x['role']}={x['canonical'] or x['value'] or x['text']}"
                         for x in r["arguments"])
        print(f"- [{r['event_type']}] {r['trigger']} ({r['polarity']}) {args}\n"
              f"    {r['sentence'][:110]}")


if __name__ == "__main__":
    main()
