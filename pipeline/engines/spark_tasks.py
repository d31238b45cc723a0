"""What Spark executors run: read the files, pick each doc_id's first copy, run ``process``.

Pure Python, no pyspark import: these functions are pickled by reference, so the ``zhnews``
package (and its resources) must be installed on every executor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..batch import _safe_process, doc_key
from ..ingest.sources import read_path
from ..nlp import get_nlp
from ..records import ErrorRecord, Extraction, RawDocument
from ..settings import pipeline_version

#: where an item stands in the input: (index of its path in the expanded inputs, index of the
#: item within what that path yielded). The smallest order wins a doc_id, as in the local engine.
Order = tuple[int, int]


class Outcome(NamedTuple):
    """One input item after the run: a document's extraction, an error, or a skip (None)."""

    order: Order
    result: Extraction | ErrorRecord | None
    key: str | None  # doc_key of a document (for the manifest)
    chars: int
    copies: int  # how many times its doc_id occurred in the inputs
    old: list[str]  # doc_ids of the dataset whose rows this one replaces


def read_partition(paths: Iterable[tuple[int, str]], max_chars: int) -> Iterator[tuple]:
    """(key, (order, item, copies)): documents keyed by doc_id, errors by a key of their own."""
    for pidx, path in paths:
        for k, item in enumerate(read_path(path, max_chars)):
            if isinstance(item, ErrorRecord):
                yield ("e", pidx, k), ((pidx, k), item, 1)  # errors are never de-duplicated
            else:
                yield ("d", item.doc_id), ((pidx, k), item, 1)


def first(a: tuple, b: tuple) -> tuple:
    """Keep the copy earliest in input order (deterministic whatever the reduce order)."""
    keep = a if a[0] <= b[0] else b
    return keep[0], keep[1], a[2] + b[2]


def process_partition(
    records: Iterable[tuple[Order, tuple]], stages: tuple[str, ...] | None,
    done: dict[str, str], by_key: dict[str, str], version: str, force: bool,
) -> Iterator[Outcome]:
    """Outcomes in input order; the pipeline is built at most once per Python worker."""
    checked = False
    for order, (item, copies) in records:
        if isinstance(item, ErrorRecord):
            yield Outcome(order, item, None, 0, copies, [])
            continue
        doc_id = item.doc_id
        if done.get(doc_id) == version and not force:
            yield Outcome(order, None, None, 0, copies, [])
            continue
        if not checked:  # rows and manifest must carry the version the driver compares with
            check_version(version)
            checked = True
        old = _superseded(item, done, by_key)
        # get_nlp is lru_cached per process and PySpark reuses its Python workers
        result = _safe_process(item, get_nlp(stages, lexical=False))
        yield Outcome(order, result, doc_key(item), len(item.body), copies, old)


def check_version(driver: str) -> None:
    """Fail the job when this executor's zhnews (code + resources) is not the driver's."""
    here = pipeline_version()
    if here != driver:
        raise RuntimeError(
            f"zhnews on this executor is {here}, on the driver {driver}: install the same "
            "zhnews (and resources) on every node"
        )


def _superseded(raw: RawDocument, done: dict[str, str], by_key: dict[str, str]) -> list[str]:
    """The same rule as batch._select: same content re-extracted, or a changed document."""
    old = [raw.doc_id] if raw.doc_id in done else []
    prev = by_key.get(doc_key(raw))
    if prev is not None and prev != raw.doc_id and prev in done:
        old.append(prev)
    return old


def staged_rows(outcome: Outcome, version: str) -> Iterator[dict[str, Any]]:
    """The rows of one outcome in the staged dataset: each row fills exactly one column, named
    after its table (``manifest`` and ``outcome`` included), so one Spark job writes all."""
    r = outcome.result
    ok = isinstance(r, Extraction)  # as the local engine: a failed document counts no chars
    yield {"outcome": {"copies": outcome.copies, "skipped": r is None,
                       "chars": outcome.chars if ok else 0, "old": outcome.old if ok else []}}
    if isinstance(r, ErrorRecord):
        yield {"errors": r.row()}
    elif isinstance(r, Extraction):
        yield {"manifest": {"doc_id": r.doc_id, "key": outcome.key, "pipeline_version": version}}
        for table, rows in r.tables.items():
            for row in rows:
                yield {table: row}
