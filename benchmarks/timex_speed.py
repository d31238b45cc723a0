"""Throughput of the temporal tagger on the CCTV news corpus (chars/s), plus a worst case.

usage: python benchmarks/timex_speed.py [N_STORIES]
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.normalize import normalize
from pipeline.timex import extract_normalized

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cctv_news.jsonl.gz"
ANCHOR = dt.datetime(2023, 11, 20, 8, 0)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            body = rec.get("body") or rec.get("text") or rec.get("content") or ""
            if body:
                texts.append(body)
            if len(texts) >= n:
                break
    norms = [normalize(t).text for t in texts]
    chars = sum(map(len, texts))
    for run in ("cold", "warm"):  # cold: the first pass compiles the lexer's per-character patterns
        t0 = time.perf_counter()
        found = sum(len(extract_normalized(nt, t, ANCHOR))
                    for nt, t in zip(norms, texts, strict=False))
        el = time.perf_counter() - t0
        print(f"{len(texts)} stories, {chars} chars, {found} timexes: {chars / el:,.0f} chars/s "
              f"(extract_normalized, {run}; normalization excluded)")
    worst = ("12:3.4-5/6 " * 100_000)[:1_000_000]
    t0 = time.perf_counter()
    extract_normalized(worst, worst, ANCHOR)
    el = time.perf_counter() - t0
    print(f"1 MB line of digits/punctuation: {el:.2f} s ({len(worst) / el:,.0f} chars/s)")


if __name__ == "__main__":
    main()
