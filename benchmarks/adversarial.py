"""Adversarial input through every stage: does time grow linearly with size?

    .venv/bin/python benchmarks/adversarial.py [--max-kb 1024] [--stages timex,claims,events]

For each pathological line (repeated punctuation, digits, one character, time-like junk, …) it runs
ingest (text page parsing), the tokenizer and each stage on sizes doubling up to ``--max-kb``, and
prints seconds per size and the growth ratio of the last doubling: ~2 means linear; ≫2 means a rule
backtracks or a loop is quadratic. A measurement, run on purpose: never a timed test.
"""

from __future__ import annotations

import argparse
import time

from pipeline.ingest.sources import read_bytes
from pipeline.nlp import get_nlp

LINES = {
    "punctuation": "。，！？；：“”「」…——",
    "digits": "1234567890",
    "one char": "的",
    "latin": "a",
    "clock-like": "1:2:3:",
    "date-like": "2023年11月20日",
    "numerals": "一二三四五六七八九十百千万亿",
    "spaces": " \t",
    "quotes": "「『“",
    "names-like": "阿尔特曼·",
}


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-kb", type=int, default=1024)
    ap.add_argument("--stages", default=None)
    args = ap.parse_args()
    stages = tuple(args.stages.split(",")) if args.stages else None
    a = get_nlp(stages)
    tok = a.nlp.tokenizer
    sizes = []
    n = args.max_kb * 1024
    while n >= 64 * 1024 and len(sizes) < 3:
        sizes.insert(0, n)
        n //= 2
    names = ["ingest", "tokenize", *[name for name, _ in a.nlp.pipeline]]
    print(f"sizes (chars): {', '.join(f'{s:,}' for s in sizes)}; "
          "cells: seconds at each size, then growth of the last doubling")
    print(f"{'input':12} " + " ".join(f"{s:>26}" for s in names))
    for label, unit in LINES.items():
        cells = {s: [] for s in names}
        for size in sizes:
            text = (unit * (size // len(unit) + 1))[:size]
            cells["ingest"].append(timed(lambda t=text: list(read_bytes(t.encode(), "x.txt"))))
            doc = None

            def make(t=text):
                nonlocal doc
                doc = tok.make_doc(t)

            cells["tokenize"].append(timed(make))
            for name, proc in a.nlp.pipeline:
                cells[name].append(timed(lambda p=proc, d=doc: p(d)))
        row = []
        for s in names:
            v = cells[s]
            growth = v[-1] / v[-2] if len(v) > 1 and v[-2] > 1e-4 else float("nan")
            row.append(f"{' '.join(f'{x:6.2f}' for x in v)} ×{growth:4.1f}")
        print(f"{label:12} " + " ".join(f"{c:>26}" for c in row))


if __name__ == "__main__":
    main()
