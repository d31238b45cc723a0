"""Publication dates from metadata: a fast path for the common shapes, dateparser for the rest."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

# 2023年11月20日08:37:20 · 2023-11-20 08:37 · 2023/11/20T08:37:20+08:00 · 2024-06-11
_COMMON = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]*(?P<H>\d{1,2})\s*[:時时点點]\s*(?P<M>\d{1,2})(?:\s*[:分]\s*(?P<S>\d{1,2})(?:\.\d+)?)?"
    r"\s*秒?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_posted(text: str | None) -> str | None:
    """ISO 8601 for a written-out date/time, keeping a UTC offset when the source gave one."""
    if not text or not text.strip():
        return None
    m = _COMMON.match(text)
    if m:
        try:
            dt = datetime(
                int(m["y"]), int(m["m"]), int(m["d"]),
                int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0),
            )
        except ValueError:
            return None
        iso = dt.isoformat() if m["H"] else dt.date().isoformat()
        tz = m["tz"]
        if tz:
            iso += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return iso
    return _dateparser(text.strip())


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> str | None:
    import dateparser  # slow to import; only needed for unusual shapes

    dt = dateparser.parse(
        text, languages=["zh", "en"], settings={"RETURN_AS_TIMEZONE_AWARE": False}
    )
    return dt.isoformat() if dt else None
