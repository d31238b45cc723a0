"""Locate ../shared for benchmarks (same rule as tests/shared.py, without pytest)."""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    env = os.environ.get("ZHNEWS_SHARED")
    for c in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if (c / "corpus").is_dir():
            return c
    sys.exit("benchmarks: ../shared not found; set ZHNEWS_SHARED")


def stories(name: str = "cctv_news.jsonl.gz", limit: int | None = None) -> Iterator[dict]:
    with gzip.open(shared_dir() / "corpus" / name, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)
