"""Items with character offsets, in text order, found by bisection instead of a scan.

Claims and events look up entities, time expressions and claims once per claim or event;
scanning the whole list each time made a long document quadratic. ``pipeline.annotations``
gives each list in text order (sorted by start): entities never overlap one another, so their
ends are in order too; time expressions may nest, so only their starts are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Ordered(Generic[T]):
    """``items`` (each with ``start`` and ``end``) in text order, with their offsets as lists."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = items
        self.starts: list[int] = [x.start for x in items]  # type: ignore[attr-defined]
        self.ends: list[int] = [x.end for x in items]  # type: ignore[attr-defined]

    def starting(self, lo: int, hi: int) -> range:
        """Indices of the items that start in [lo, hi)."""
        return range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))

    # the three below need items that do not overlap one another (ends in order too)

    def overlapping(self, s: int, e: int) -> range:
        """Indices of the items that overlap [s, e)."""
        return range(bisect_right(self.ends, s), bisect_left(self.starts, e))

    def within(self, s: int, e: int) -> range:
        """Indices of the items inside [s, e]."""
        return range(bisect_left(self.starts, s), bisect_right(self.ends, e))

    def last_ending_by(self, pos: int) -> T | None:
        """The last item that ends at or before ``pos``."""
        k = bisect_right(self.ends, pos)
        return self.items[k - 1] if k else None


def by_kind(items: Sequence[Any], keep: Callable[[Any], bool] | None = None
            ) -> dict[str | None, Ordered[Any]]:
    """Items grouped by their ``kind`` (those ``keep(item)`` accepts), each group in order: the
    last one of a kind before an offset is then one bisection, whatever lies between."""
    groups: dict[str | None, list[Any]] = {}
    for x in items:
        if keep is None or keep(x):
            groups.setdefault(x.kind, []).append(x)
    return {k: Ordered(v) for k, v in groups.items()}


class Cover:
    """Whether an offset lies inside any of some spans, which may overlap and come in any
    order: spans sorted by start, with the furthest end reached so far."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos)  # the spans starting at or before pos
        return k > 0 and self.reach[k - 1] > pos
