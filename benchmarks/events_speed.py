"""Throughput of the events stage: the pipeline with and without it, on CCTV news, one process.

    .venv/bin/python benchmarks/events_speed.py --n 300
Prints chars/s for tokenizer-only and tokenizer+events, and the events stage's own share.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import stories
from pipeline.nlp import get_nlp
from pipeline.process import process
from pipeline.records import RawDocument


def _run(texts: list[str], stages: tuple[str, ...]) -> float:
    nlp = get_nlp(stages)
    process(RawDocument(source="warm", body=texts[0]), nlp)  # load resources outside the clock
    t0 = time.perf_counter()
    for k, t in enumerate(texts):
        process(RawDocument(source=f"s{k}", body=t), nlp)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    a = ap.parse_args()
    texts = [s["text"] for s in stories(limit=a.n) if s.get("text")]
    chars = sum(map(len, texts))
    base = _run(texts, ())
    ev = _run(texts, ("events",))
    print(f"{len(texts)} stories, {chars} chars")
    print(f"tokenizer only:     {chars / base / 1e3:8.0f} K chars/s")
    print(f"tokenizer + events: {chars / ev / 1e3:8.0f} K chars/s")
    print(f"events stage alone: {chars / max(ev - base, 1e-9) / 1e3:8.0f} K chars/s "
          f"({100 * (ev - base) / ev:.0f}% of that run)")


if __name__ == "__main__":
    main()
