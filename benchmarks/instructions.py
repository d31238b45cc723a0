"""Instructions a batch worker executes per million characters: a count that does not move with
the machine's load, for comparing code against code when CPU time moves by ±5% from run to run.

    .venv/bin/python benchmarks/instructions.py [--stories 384] [--skip 1000]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/instructions.py   # A/B

Runs itself under valgrind's callgrind (Debian's ``valgrind``; about 45 s) with counting off
while the pipeline loads and warms up on 200 stories, then on for the worker's chunk function
(``batch._chunk_result``: every stage, the rows and their Arrow tables) over ``--stories``
stories after the first ``--skip``. The same code and input give the same count to ~0.2%.
Instructions are not time: cache misses and the collector's walks cost more than they count,
so a change that counts the same may still be faster (check it with ``stage_split.py``).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _measure(skip: int, n: int) -> None:
    """Inside callgrind: load, warm up, then count the chunks."""
    from _shared import stories

    from pipeline.batch import CHUNK_DOCS, Pipeline, _chunk_result, _chunks
    from pipeline.records import RawDocument

    docs = [RawDocument(source="bench", body=s["text"], posted_at=s.get("published"))
            for s in stories(limit=skip + n) if s.get("text")]
    pipe = Pipeline()
    _chunk_result(docs[:200], pipe.assembled)
    gc.collect()
    gc.freeze()  # as the workers' parent does before forking
    measured = docs[skip:]
    toggle = ["callgrind_control", "-i"]
    subprocess.run([*toggle, "on", str(os.getpid())], check=True, capture_output=True)
    for chunk in _chunks(measured, CHUNK_DOCS, first=CHUNK_DOCS):
        _chunk_result(chunk, pipe.assembled)
    subprocess.run([*toggle, "off", str(os.getpid())], check=True, capture_output=True)
    print(f"chars {sum(len(d.body) for d in measured)} documents {len(measured)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=384, help="stories counted")
    ap.add_argument("--skip", type=int, default=1000, help="stories skipped before them")
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        _measure(args.skip, args.stories)
        return
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}", sys.executable, __file__, "--inside",
             "--stories", str(args.stories), "--skip", str(args.skip)],
            capture_output=True, text=True)
        counted = re.search(r"Collected : (\d+)", done.stderr)
        sizes = re.search(r"chars (\d+) documents (\d+)", done.stdout)
        if done.returncode or not counted or not sizes:
            sys.exit(f"callgrind run failed:\n{done.stderr[-2000:]}")
    n, chars, documents = int(counted[1]), int(sizes[1]), int(sizes[2])
    import pipeline

    print(f"pipeline: {Path(pipeline.__file__).parent}")
    print(f"{documents} stories, {chars:,} chars: {n:,} instructions = "
          f"{n / chars * 1e6 / 1e9:.2f} G per M chars")


if __name__ == "__main__":
    main()
