"""Throughput of the pipeline against its bare building blocks, in one run.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--traditional] [--stages names,timex]
        [--workers 1,2] [--repeat N] [--end-to-end]

Prints chars/s for: the floor (OpenCC t2s + rjieba alone), ``process()`` in memory, and
``zhnews extract`` end to end (reading JSONL, writing Parquet+CSV), with ratios and peak RSS.
These machines are noisy: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opencc
import rjieba
from _shared import stories


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="stories (default: all 24 K)")
    ap.add_argument("--traditional", action="store_true",
                    help="convert the stories to Taiwan Traditional first (s2twp)")
    ap.add_argument("--stages", default=None, help="comma-separated; default: all")
    ap.add_argument("--workers", default="1,2", help="worker counts for the end-to-end runs")
    ap.add_argument("--repeat", type=int, default=1,
                    help="end-to-end runs per worker count, alternated; medians compared")
    ap.add_argument("--end-to-end", action="store_true",
                    help="only the floor and the end-to-end runs (no per-stage figures)")
    args = ap.parse_args()

    docs = [
        {"id": s["id"], "title": s.get("title"), "text": s["text"],
         "published": s.get("published"), "url": s.get("url")}
        for s in stories(limit=args.limit) if s.get("text")
    ]
    if args.traditional:
        conv = opencc.OpenCC("s2twp.json")
        for d in docs:
            d["text"] = conv.convert(d["text"])
    texts = [d["text"] for d in docs]
    chars = sum(map(len, texts))
    print(f"corpus: {len(docs):,} stories, {chars:,} chars"
          f"{' (converted to Traditional)' if args.traditional else ''}")

    t2s, jb = opencc.OpenCC("t2s.json"), rjieba.Jieba()
    t = time.perf_counter()
    for x in texts:
        jb.tag(t2s.convert(x), False)
    floor = chars / (time.perf_counter() - t)
    print(f"floor  OpenCC t2s + rjieba tag      {floor / 1e6:6.2f} M chars/s")

    stages = tuple(args.stages.split(",")) if args.stages else None
    if not args.end_to_end:
        stage_figures(docs, chars, floor, stages)

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dump.jsonl"
        src.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), "utf-8")
        counts = [int(x) for x in args.workers.split(",")]
        runs: dict[int, list[float]] = {w: [] for w in counts}
        for k in range(args.repeat):  # worker counts alternated: the machine's mood hits both
            for w in counts:
                out = Path(tmp) / f"out{w}-{k}"
                s = extract(src, out, w)
                e2e = s["chars"] / s["seconds"]
                runs[w].append(e2e)
                single = runs[counts[0]][-1]
                print(f"zhnews extract end to end, {w} worker{'s' if w > 1 else ' '} "
                      f"{e2e / 1e6:6.2f} M chars/s ({e2e / w / 1e3:.0f} K per worker)   "
                      f"= {e2e / floor:.2f} × floor, "
                      f"{e2e / single:.2f} × {counts[0]} worker   ({s['documents']:,} docs, "
                      f"{s['errors']} errors, {s['seconds']:.1f} s; peak RSS: largest worker "
                      f"{s['worker_peak_rss_mb']:.0f} MB, main {s['peak_rss_mb']:.0f} MB)")
                mc = s["chars"] / 1e6
                print(f"  CPU s per M chars: main process {s['cpu_parent'] / mc:.2f}, workers "
                      f"{s['cpu_workers'] / mc:.2f}, together "
                      f"{(s['cpu_parent'] + s['cpu_workers']) / mc:.2f} over "
                      f"{s['seconds'] / mc:.2f} s of wall time")
                if k == 0:
                    again = extract(src, out, w)
                    print(f"  re-run over unchanged input: {again['seconds']:.2f} s "
                          f"({again['skipped']:,} skipped) = "
                          f"{100 * again['seconds'] / s['seconds']:.1f}% of the first run")
        if 1 in counts and max(counts) > 1 and hasattr(os, "sched_setaffinity"):
            # With one worker the writing runs on threads that take the other core (1.1 cores
            # busy), so "n workers ÷ 1" is not the workers' scaling alone: one worker confined
            # to one core is the baseline for that
            s = extract(src, Path(tmp) / "out1-core", 1, cores=1)
            one = s["chars"] / s["seconds"]
            best = max(statistics.median(runs[w]) for w in counts if w > 1)
            print(f"zhnews extract end to end, 1 worker on one core {one / 1e6:6.2f} M chars/s "
                  f"({s['seconds']:.1f} s); the most workers' median ÷ this: {best / one:.2f} ×")
        if args.repeat > 1:
            base = statistics.median(runs[counts[0]])
            for w in counts:
                med = statistics.median(runs[w])
                print(f"median of {args.repeat}, {w} worker{'s' if w > 1 else ' '}: "
                      f"{med / w / 1e3:.0f} K per worker (runs: "
                      f"{', '.join(f'{x / w / 1e3:.0f}' for x in runs[w])}), "
                      f"{med / base:.2f} × {counts[0]} worker")
    if not args.end_to_end:
        print(f"peak RSS of this benchmark process (all Docs in memory) {rss_mb():.0f} MB")


def stage_figures(docs: list[dict], chars: int, floor: float,
                  stages: tuple[str, ...] | None) -> None:
    """Each stage alone over Docs held in memory, then ``process()`` in memory."""
    from pipeline.batch import Pipeline
    from pipeline.process import process
    from pipeline.records import RawDocument

    pipe = Pipeline(stages)
    print(f"stages: {', '.join(n for n, _ in pipe.assembled.nlp.pipeline) or '(spine only)'}")
    raws = [RawDocument(source="bench", body=d["text"], posted_at=d.get("published"))
            for d in docs]
    # per stage: the same Docs through each component in turn
    nlp = pipe.assembled.nlp
    t = time.perf_counter()
    parsed = [nlp.tokenizer.make_doc(r.body) for r in raws]
    spent = {"tokenizer (OpenCC + rjieba + spaCy Doc)": time.perf_counter() - t}
    for r, d in zip(raws, parsed, strict=True):
        d._.posted_at, d._.timezone, d._.doc_id = r.posted_at, "Asia/Shanghai", "bench"
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        for d in parsed:
            proc(d)
        spent[name] = time.perf_counter() - t
    for name, sec in spent.items():
        print(f"  stage {name:38} {chars / sec / 1e6:6.2f} M chars/s  ({sec:6.1f} s)")
    if "zhnews_names" in spent:
        n = sum(len(d.ents) for d in parsed)
        print(f"  mentions: {n:,} = {n / spent['zhnews_names']:,.0f} mentions/s in the names stage")
    del parsed
    t = time.perf_counter()
    for r in raws:
        process(r, pipe.assembled)
    mem = chars / (time.perf_counter() - t)
    print(f"process() in memory                {mem / 1e6:6.2f} M chars/s   "
          f"= {mem / floor:.2f} × floor")


def extract(src: Path, out: Path, workers: int, cores: int | None = None) -> dict:
    """``Pipeline.run`` in a fresh process (its own peak RSS), on the first ``cores``
    processors if given; its Summary as a dict."""
    here = Path(__file__).resolve().parent
    done = subprocess.run([sys.executable, str(here / "_extract.py"), str(src), str(out),
                           str(workers), *([str(cores)] if cores else [])],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
