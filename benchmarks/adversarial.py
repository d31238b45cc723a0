"""Adversarial input through every stage: does time grow linearly with size?

    .venv/bin/python benchmarks/adversarial.py [--max-kb 1024] [--stages timex,claims,events]
        [--lines "news claim,one sentence"]

For each pathological line (repeated punctuation, digits, one character, time-like junk, …) it runs
ingest (text page parsing), the tokenizer and each stage on sizes doubling up to ``--max-kb``, and
prints seconds per size and the growth ratio of the last doubling: ~2 means linear; ≫2 means a rule
backtracks or a loop is quadratic. A measurement, run on purpose: never a timed test.

Besides junk, some lines are real news sentences repeated, so that every stage does its full
work (entities, times, claims and events all over the document): a per-item scan of the whole
document shows up there and nowhere else. Cells are CPU seconds of this process
(``time.process_time``), not wall time: the machine is shared, and CPU time is far less noisy.
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
    # news: every sentence a time, a speaker, a claim and an event
    "news claim": "2023年5月1日，王建国表示，腾讯收购了阿里巴巴。",
    "news quote": "王建国说：“公司明年将投资50亿元。”",
    "news event": "据新华社5月3日报道，华为公司宣布以30亿元收购了一家芯片企业。",
    # the same without a sentence end: one sentence of the whole line, clause after clause
    "one sentence": "5月1日，王建国表示腾讯收购了阿里巴巴，",
    # and without any punctuation: one clause of the whole line, a cue and a trigger every 14
    "no punctuation": "王建国表示腾讯收购了阿里巴巴",
}


def timed(fn) -> float:
    """CPU seconds of ``fn()`` (a shared machine makes wall time noisy)."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-kb", type=int, default=1024)
    ap.add_argument("--stages", default=None)
    ap.add_argument("--lines", default=None, help="comma-separated LINES keys (default: all)")
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
          "cells: CPU seconds at each size, then growth of the last doubling")
    print(f"{'input':12} " + " ".join(f"{s:>26}" for s in names))
    chosen = args.lines.split(",") if args.lines else list(LINES)
    for label in chosen:
        unit = LINES[label]
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
        print(f"{label:12} " + " ".join(f"{c:>26}" for c in row), flush=True)


if __name__ == "__main__":
    main()
