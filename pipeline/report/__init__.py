"""``zhnews report``: one self-contained HTML page over an output folder.

    >>> from pipeline.report import build_report
    >>> build_report("outputs/", "report.html")
    {'bytes': 112354, 'documents': 13, 'events': 177, ...}

The page embeds the tables once as compact JSON and renders them client-side (timeline,
filterable events and claims with their original sentences highlighted, entities, documents,
errors); it loads nothing from the network and works opened from disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from .data import Caps, load
from .render import render_html

__all__ = ["Caps", "build_report"]


def build_report(out_dir: str | Path, dest: str | Path, caps: Caps | None = None,
                 compress: bool | None = None) -> dict[str, Any]:
    """Write the report for ``out_dir`` to ``dest``; returns its size and what it embeds.

    ``compress``: gzip the embedded data (default: only when it is large)."""
    t0 = time.perf_counter()
    payload = load(out_dir, caps)
    html, encoding = render_html(payload, compress)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, dest)  # a reader never sees half a page
    meta = payload["meta"]
    return {
        "path": str(dest),
        "bytes": dest.stat().st_size,
        "encoding": encoding,
        "seconds": round(time.perf_counter() - t0, 2),
        **meta["totals"],
        "placed_events": meta["placed"],
        "snippets": len(payload["snips"]),
        "snippet_chars": meta["snippet_chars"],
        "snippets_dropped": meta["snippets_dropped"],
        "entities_listed": len(payload["ents"]),
    }
