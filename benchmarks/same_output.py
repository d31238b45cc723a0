"""Did a change alter any output? Dump every table of ``process()`` before, compare after.

    .venv/bin/python benchmarks/same_output.py dump  /tmp/before.pkl [--limit 2000]
    ... change the code ...
    .venv/bin/python benchmarks/same_output.py check /tmp/before.pkl [--limit 2000]

The documents: the first ``--limit`` CCTV stories, 300 of them converted to Taiwan Traditional
(s2twp, with a .tw URL so the Taiwan config applies), the seed post and ``corpus/``. ``check``
prints the first differing rows and a count per table; a speed-up must print 0. The
``pipeline_version`` column is left out (it changes with every rule file by design).
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

import opencc
from _shared import ROOT, shared_dir, stories

from pipeline.batch import Pipeline
from pipeline.ingest.sources import read_inputs
from pipeline.process import process
from pipeline.records import RawDocument


def documents(limit: int) -> list[RawDocument]:
    docs = [s for s in stories(limit=limit) if s.get("text")]
    raws = [RawDocument(source="bench", body=d["text"], posted_at=d.get("published"))
            for d in docs]
    tw = opencc.OpenCC("s2twp.json")
    raws += [RawDocument(source="bench", body=tw.convert(d["text"]),
                         posted_at=d.get("published"), url="https://news.example.com.tw/a")
             for d in docs[:300]]
    raws += [i for i in read_inputs([str(shared_dir() / "seeds"), str(ROOT / "corpus")])
             if isinstance(i, RawDocument)]
    return raws


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    a = Pipeline().assembled
    out = [
        {t: [{k: v for k, v in row.items() if k != "pipeline_version"} for row in rows]
         for t, rows in process(r, a).tables.items()}
        for r in documents(args.limit)
    ]
    if args.mode == "dump":
        args.file.write_bytes(pickle.dumps(out))
        print(f"dumped the tables of {len(out):,} documents to {args.file}")
        return
    ref = pickle.loads(args.file.read_bytes())
    differ: Counter[str] = Counter()
    for i, (x, y) in enumerate(zip(ref, out, strict=True)):
        for t in sorted(set(x) | set(y)):
            xs, ys = x.get(t) or [], y.get(t) or []
            if xs == ys:
                continue
            differ[t] += 1
            if sum(differ.values()) <= 5:
                print(f"document {i}, table {t}: {len(xs)} rows before, {len(ys)} after")
                for a_, b_ in zip(xs, ys, strict=False):
                    if a_ != b_:
                        keys = [k for k in a_ if a_.get(k) != b_.get(k) and k != "body"]
                        print("  before", {k: a_.get(k) for k in keys})
                        print("  after ", {k: b_.get(k) for k in keys})
                        break
    print(f"{len(out):,} documents; differing (document, table) pairs: "
          f"{sum(differ.values())} {dict(differ)}")


if __name__ == "__main__":
    main()
