"""Throughput of the events stage: the pipeline with and without it, on CCTV news, one process.

    .venv/bin/python benchmarks/events_speed.py --n 300
Prints chars/s for tokenizer-only and tokenizer+events, and the events stage's own share; then
the events component alone (with ``event_rows``) on documents the earlier default stages
(names, timex, claims) have annotated, as it runs in a real extraction.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spacy.tokens import Doc

from benchmarks._shared import stories
from pipeline.events import event_rows
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


def _stage_alone(items: list[dict], rounds: int) -> tuple[int, float]:
    """(chars, best seconds of ``rounds``) of the events component + rows on annotated docs."""
    nlp = get_nlp().nlp
    names = [name for name, _ in nlp.pipeline]
    events = nlp.pipeline[names.index("zhnews_events")][1]
    before = nlp.pipeline[:names.index("zhnews_events")]
    docs: list[Doc] = []
    for k, s in enumerate(items):
        doc = nlp.tokenizer.make_doc(s["text"])
        doc._.doc_id, doc._.posted_at, doc._.timezone = f"s{k}", s.get("published"), "Asia/Shanghai"
        for _, proc in before:
            doc = proc(doc)
        docs.append(doc)
    best = float("inf")
    for _ in range(rounds + 1):  # the first round fills the per-word caches
        t0 = time.perf_counter()
        for doc in docs:
            event_rows(events(doc))
        best = min(best, time.perf_counter() - t0)
    return sum(len(d.text) for d in docs), best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of the stage alone")
    a = ap.parse_args()
    items = [s for s in stories(limit=a.n) if s.get("text")]
    texts = [s["text"] for s in items]
    chars = sum(map(len, texts))
    base = _run(texts, ())
    ev = _run(texts, ("events",))
    print(f"{len(texts)} stories, {chars} chars")
    print(f"tokenizer only:     {chars / base / 1e3:8.0f} K chars/s")
    print(f"tokenizer + events: {chars / ev / 1e3:8.0f} K chars/s")
    print(f"events stage alone: {chars / max(ev - base, 1e-9) / 1e3:8.0f} K chars/s "
          f"({100 * (ev - base) / ev:.0f}% of that run)")
    n, secs = _stage_alone(items, a.rounds)
    print(f"events component on annotated docs (best of {a.rounds}): "
          f"{n / secs / 1e3:8.0f} K chars/s")


if __name__ == "__main__":
    main()
