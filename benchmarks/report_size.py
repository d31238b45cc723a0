"""Render time and file size of ``zhnews report`` on a large real run.

    .venv/bin/python benchmarks/report_size.py [--limit 3000] [--out /tmp/zhnews_report_bench]

Writes the first N CCTV stories as JSONL, extracts them with ``zhnews extract`` (skipped when
OUT already holds a run of that size; pass --force to redo), then times ``build_report`` and
prints the HTML size, the rows it embeds and the peak RSS. These machines are noisy: read the
figures as orders of magnitude.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _shared import ROOT, stories


def write_jsonl(path: Path, limit: int | None) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for s in stories(limit=limit):
            if not s.get("text"):
                continue
            f.write(json.dumps({"id": s["id"], "title": s.get("title"), "text": s["text"],
                                "published": s.get("published"), "url": s.get("url"),
                                "source": s.get("source")}, ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000, help="stories; 0 = all 24 K")
    ap.add_argument("--out", default="/tmp/zhnews_report_bench", help="extract output folder")
    ap.add_argument("--html", default=None, help="report path (default: OUT/report.html)")
    ap.add_argument("--force", action="store_true", help="re-extract even if OUT exists")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "bench_stories.txt"
    limit = args.limit or None
    if args.force or not stamp.exists() or stamp.read_text().strip() != str(limit):
        src = out / "stories.jsonl"
        n = write_jsonl(src, limit)
        t = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/zhnews"), "extract", str(src), "-o", str(out),
                        "--format", "parquet", "--no-progress"], check=True)
        print(f"extract: {n:,} stories in {time.perf_counter() - t:.0f} s")
        stamp.write_text(str(limit))

    sys.path.insert(0, str(ROOT))
    from pipeline.report import build_report

    dest = Path(args.html) if args.html else out / "report.html"
    t = time.perf_counter()
    stats = build_report(out, dest)
    took = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"report: {dest} {dest.stat().st_size / 1e6:.2f} MB in {took:.1f} s, "
          f"peak RSS {rss:.0f} MB")
    print("embedded: " + ", ".join(f"{k} {v:,}" for k, v in stats.items()
                                    if isinstance(v, int)))


if __name__ == "__main__":
    main()
