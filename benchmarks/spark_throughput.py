"""The Spark engine against the local engine on the same JSONL dump, in one run.

    .venv/bin/python benchmarks/spark_throughput.py [--limit N] [--master local[2]]

Writes the first N stories of ../shared/corpus as one JSONL file (and a second copy split in
--files files, so reading is spread over tasks), then times ``Pipeline.run`` (workers 1 and 2)
and ``run_spark`` (JVM start included, and a second run on the warm session). These machines
are noisy and shared: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _shared import stories


def write_dump(folder: Path, docs: list[dict], files: int) -> list[str]:
    folder.mkdir(parents=True)
    for i in range(files):
        with open(folder / f"part{i:03d}.jsonl", "w", encoding="utf-8") as f:
            for d in docs[i::files]:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return [str(folder)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=400, help="stories (default 400)")
    ap.add_argument("--files", type=int, default=4, help="JSONL files the stories are split in")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()

    docs = [{"id": s["id"], "title": s.get("title"), "text": s["text"],
             "published": s.get("published"), "url": s.get("url")}
            for s in stories(limit=args.limit) if s.get("text")]
    chars = sum(len(d["text"]) for d in docs)
    print(f"corpus: {len(docs):,} stories, {chars:,} chars in {args.files} files")

    from pipeline.batch import Pipeline
    from pipeline.engines.spark import run_spark, session

    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_dump(Path(tmp) / "in", docs, args.files)
        rates = {}
        pipe = Pipeline()
        for w in (1, 2):
            t = time.perf_counter()
            s = pipe.run(inputs, Path(tmp) / f"local{w}", ("parquet",), workers=w)
            rates[f"local, {w} worker(s)"] = (s.chars / (time.perf_counter() - t), s.documents)
        t = time.perf_counter()
        spark, _ = session(args.master, {"spark.ui.enabled": "false"})
        try:
            s = run_spark(inputs, Path(tmp) / "spark1", ("parquet",))
            rates["spark, cold (JVM start incl.)"] = (s.chars / (time.perf_counter() - t),
                                                      s.documents)
            t = time.perf_counter()
            s = run_spark(inputs, Path(tmp) / "spark2", ("parquet",))
            rates["spark, warm session"] = (s.chars / (time.perf_counter() - t), s.documents)
        finally:
            spark.stop()
        base = rates["local, 1 worker(s)"][0]
        for name, (rate, n) in rates.items():
            print(f"{name:32s} {rate / 1e3:8.1f} K chars/s  x{rate / base:5.2f}  ({n} docs)")


if __name__ == "__main__":
    main()
