"""Where ``process()`` spends its time, stage by stage, as a worker runs it: a fresh process,
chunks of documents through ``process_many``, CPU seconds per million characters.

    .venv/bin/python benchmarks/stage_split.py [--limit 4000]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/stage_split.py   # A/B

The pipeline is the one ``Pipeline()`` gives its workers (lean vocabulary, warmed up on one
document). A fresh process meets every word, name and date context for the first time, as a
newly forked worker does, so this includes first-sight costs that a second pass over the same
stories would hide. CPU time, not wall time: the figure moves less when the machine is shared.
Run A and B alternately a few times and compare medians.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from _shared import stories

import pipeline
from pipeline.batch import CHUNK_DOCS, Pipeline, _chunks
from pipeline.nlp import Assembled
from pipeline.process import process_many
from pipeline.records import RawDocument


def timed(spent: dict[str, float], key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - t

    return run


class _Timed:
    """The pipeline as ``process_many`` sees it, with every stage and row builder timed."""

    def __init__(self, a: Assembled, spent: dict[str, float]) -> None:
        self.tokenizer = a.nlp.tokenizer
        self.tokenizer.make_doc = timed(spent, "tokenizer", self.tokenizer.make_doc)
        self.pipeline = [(name, timed(spent, name, proc)) for name, proc in a.nlp.pipeline]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=4000, help="CCTV stories (default 4000)")
    args = ap.parse_args()
    raws = [RawDocument(source="bench", body=s["text"], posted_at=s.get("published"))
            for s in stories(limit=args.limit) if s.get("text")]
    chars = sum(len(r.body) for r in raws)
    a = Pipeline().assembled  # as a batch worker has it: lean vocabulary, warmed up
    gc.collect()  # and a frozen heap, as the workers fork from: a full collection would walk
    gc.freeze()  # the loaded pipeline and land in whichever stage triggered it
    spent: dict[str, float] = defaultdict(float)
    timed_a = Assembled(_Timed(a, spent),  # type: ignore[arg-type]
                        [(t, timed(spent, f"rows: {t}", b)) for t, b in a.row_builders])
    t = time.process_time()
    for chunk in _chunks(raws, CHUNK_DOCS):  # as the workers get them
        process_many(chunk, timed_a)
    total = time.process_time() - t
    print(f"{pipeline.__file__}: {len(raws):,} stories, {chars:,} chars, "
          f"{total / chars * 1e6:.2f} CPU s per M chars ({chars / total / 1e3:.0f} K chars/s)")
    spent["everything else (document and sentence rows, settings)"] = total - sum(spent.values())
    for name, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:55} {sec / chars * 1e6:5.2f} s/M chars")


if __name__ == "__main__":
    main()
