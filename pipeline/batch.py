"""The batch runner: inputs → documents → ``process`` (in worker processes) → the dataset.

Documents stream through bounded batches: memory does not grow with the corpus. Results are
committed in input order, so the same inputs give the same tables whatever the worker count.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from .export import FORMATS, Exports, export
from .ingest.sources import MAX_CHARS, count_documents, read_inputs
from .nlp import Assembled, get_nlp
from .process import process, process_many
from .records import ErrorRecord, Extraction, RawDocument
from .schema import SCHEMAS
from .settings import pipeline_version
from .store import DOC_TABLES, MANIFEST, Store
from .workers import Died, Failed, WorkerPool

log = logging.getLogger("zhnews")

#: documents per task sent to a worker (at most: the first tasks are smaller, see ``_chunks``),
#: and per committed batch. Each stage runs over a whole chunk before the next (its code and
#: tables stay hot), and a chunk's rows travel as one Arrow message: on the CCTV corpus with 2
#: workers, chunks of 32 took 2.52–2.67 CPU s per M chars in the workers and 0.41–0.44 in this
#: process, chunks of 128 2.36–2.52 and 0.33–0.35 (CPU figures as benchmarks/throughput.py
#: prints them, from alternated runs). Chunks of 256 were no better within the noise, and
#: in three full runs each, 2 workers gave 1.55–1.72 × one against 1.73–1.89 × with 128
CHUNK_DOCS = 128
BATCH_DOCS = 1000
#: a worker is replaced (forked afresh from the loaded parent) after this many tasks: spaCy's
#: vocabulary only grows (every new number or URL is a lexeme), so over millions of documents
#: a long-lived worker would creep; 80 tasks is ~10 K documents, about 1 s of re-warming
WORKER_TASKS = 80


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    replaced: int = 0
    errors: int = 0
    duplicates: int = 0
    chars: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    #: peak resident memory of this process and of its largest worker process, in MB
    peak_rss_mb: float = 0.0
    worker_peak_rss_mb: float = 0.0

    def line(self) -> str:
        rate = self.chars / self.seconds if self.seconds else 0.0
        extra = "".join(
            f", {n} {label}" for n, label in (
                (self.skipped, "unchanged skipped"), (self.replaced, "replaced"),
                (self.duplicates, "duplicates skipped"),
            ) if n
        )
        mem = self.worker_peak_rss_mb and f", peak RSS {self.worker_peak_rss_mb:.0f} MB/worker"
        return (
            f"{self.documents} documents, {self.errors} errors{extra}, "
            f"{self.seconds:.1f} s ({rate / 1000:.0f} K chars/s{mem or ''})"
        )


def doc_key(raw: RawDocument) -> str:
    """Where a document comes from, to notice when it changes: its URL, else file and line."""
    return raw.url or f"{os.path.abspath(raw.source)}:{raw.line or 0}"


class Pipeline:
    """Processes many documents with one loaded pipeline."""

    def __init__(self, stages: tuple[str, ...] | None = None) -> None:
        self.stages = stages
        self.assembled: Assembled = get_nlp(stages, lexical=False)  # Docs stay inside
        _warm_up(self.assembled)

    def extract(
        self, docs: Iterable[RawDocument | ErrorRecord]
    ) -> Iterator[Extraction | ErrorRecord]:
        """Each document's extraction, or an error row (in this process)."""
        for item in docs:
            yield item if isinstance(item, ErrorRecord) else _safe_process(item, self.assembled)

    def run(
        self, inputs: list[str], out_dir: str | Path, formats: tuple[str, ...] = FORMATS,
        progress: bool = False, max_chars: int = MAX_CHARS, workers: int = 1,
        force: bool = False,
    ) -> Summary:
        """Extract ``inputs`` into the dataset at ``out_dir``, then refresh the exports."""
        summary = Summary()
        t0 = time.perf_counter()
        version = pipeline_version()
        with Store(out_dir) as store:
            m = store.manifest()
            done = dict(zip(m["doc_id"].to_pylist(), m["pipeline_version"].to_pylist(),
                            strict=True))
            by_key = dict(zip(m["key"].to_pylist(), m["doc_id"].to_pylist(), strict=True))
            read = _progress(read_inputs(inputs, max_chars), progress, inputs)
            items = _select(read, done, by_key, version, summary, force)
            errors: list[dict[str, Any]] = []
            # Into an empty folder the exports are this run's batches in order: they are
            # written as the batches commit, not read back and encoded again at the end.
            streamed = Exports(store.root, formats) if formats and not store.batches() else None
            exported = streamed is not None
            try:
                changed = self._commit_all(store, self._map(items, workers), version, streamed,
                                           errors, summary)
                summary.errors = len(errors)
                store.write_errors(errors)
                if streamed is not None:
                    rows, streamed = streamed.close(), None  # in place: nothing to discard
                    summary.rows = rows | export(store, formats, ("errors",))
            finally:
                if streamed is not None:  # the run failed: its half-written exports go
                    streamed.discard()
            exports_missing = any(not (store.root / f"documents.{f}").exists() for f in formats)
            if not exported and (changed or summary.replaced or force or exports_missing
                                 or errors):
                summary.rows = export(store, formats)
        summary.seconds = time.perf_counter() - t0
        summary.peak_rss_mb = _maxrss_mb(resource.RUSAGE_SELF)
        summary.worker_peak_rss_mb = (  # one worker runs in this process
            _maxrss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else summary.peak_rss_mb)
        return summary

    @staticmethod
    def _commit_all(store: Store, results: Iterable[tuple[list, ChunkResult]], version: str,
                    exports: Exports | None, errors: list[dict[str, Any]],
                    summary: Summary) -> bool:
        """Commit the results in batches of ``BATCH_DOCS``; whether anything was written.

        Batches are written on a thread, in order, one at a time while the next fills: Parquet
        encoding, compression and fsync run without the GIL, so with one worker they take the
        otherwise idle core. One batch in flight keeps memory bounded."""
        changed = False
        pending = _Batch(version, exports)
        with ThreadPoolExecutor(max_workers=1) as writer:
            writing: Future[bool] | None = None
            for chunk, result in results:
                pending.add(chunk, result, errors, summary)
                if len(pending.manifest) >= BATCH_DOCS:
                    if writing is not None:
                        changed |= writing.result()  # its error, if any, stops the run
                    writing = writer.submit(pending.commit, store, summary)
                    pending = _Batch(version, exports)
            if writing is not None:
                changed |= writing.result()
        return pending.commit(store, summary) or changed

    def _map(self, items: Iterable[Any], workers: int) -> Iterator[tuple[list, ChunkResult]]:
        """(chunk of selected items, its result), in input order, over ``workers`` processes."""
        if workers <= 1:  # in this process, a chunk at a time as a worker would
            for chunk in _chunks(items, CHUNK_DOCS):
                yield chunk, _chunk_result(_documents(chunk), self.assembled)
            return
        chunked = _chunks(items, CHUNK_DOCS)
        first = next(chunked, None)
        if first is None:  # nothing new: no worker forked, no collection
            return
        # The loaded pipeline's ~400 K objects live as long as the run: frozen before the first
        # fork, the workers' garbage collector never walks them (a full collection in a worker
        # cost 0.16 s, and touched, so copied, every page it shares with this process).
        # Freezing is O(1), the collection first 0.1 s. A caller that froze its heap keeps it.
        frozen = not gc.get_freeze_count()
        if frozen:
            gc.collect()
            gc.freeze()
        try:
            ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            pool = WorkerPool(workers, _work, partial(_init_worker, self.stages),
                              max_tasks=WORKER_TASKS, context=ctx,
                              split=lambda docs: [[d] for d in docs])  # find the one that kills
            chunks: deque[list] = deque()  # the pool answers in input order

            def tasks() -> Iterator[list[RawDocument]]:
                for chunk in itertools.chain([first], chunked):
                    chunks.append(chunk)
                    yield _documents(chunk)

            for docs, result in pool.imap(tasks()):
                chunk = chunks.popleft()
                if isinstance(result, list):  # its worker died: its documents were run one
                    result = ChunkResult.join([_answered([doc], r) for doc, r in  # by one
                                               zip(docs, result, strict=True)])
                yield chunk, _answered(docs, result)
        finally:
            if frozen:
                gc.unfreeze()


def _answered(docs: list[RawDocument], result: ChunkResult | Died | Failed) -> ChunkResult:
    return result if isinstance(result, ChunkResult) else _lost(docs, result)


def _lost(docs: list[RawDocument], why: Died | Failed) -> ChunkResult:
    """Documents whose worker died (or whose work raised): an error row each, which is not in
    the manifest, so the next run tries them again."""
    if isinstance(why, Died):
        error, message = "WorkerDied", f"{why.describe()} while processing this document"
    else:
        error, message = "WorkerFailed", why.message
    return ChunkResult({t: SCHEMAS[t].empty_table() for t in DOC_TABLES},
                       [ErrorRecord(raw.source, "process", error, message, raw.line)
                        for raw in docs])


@dataclass
class ChunkResult:
    """A chunk's rows as Arrow tables, built where the chunk was processed: a worker sends
    columns, not millions of small dicts to pickle and unpickle, and the parent, which shares
    the cores with the workers, only concatenates and writes."""

    tables: dict[str, pa.Table]
    #: per document of the chunk, in order: its doc_id, or its error row if it failed
    outcomes: list[str | ErrorRecord]

    def __reduce__(self) -> tuple[Any, tuple[bytes, list[str], list[str | ErrorRecord]]]:
        # Sent from a worker as one Arrow IPC buffer: pickling the tables column by column
        # copies every buffer twice more and re-sends each schema with its column notes,
        # 0.13 CPU s per M chars between the two ends against 0.035 this way.
        sink = pa.BufferOutputStream()
        for table in self.tables.values():
            with pa.ipc.new_stream(sink, table.schema) as stream:
                stream.write_table(table)
        return _chunk_from_ipc, (sink.getvalue().to_pybytes(), list(self.tables), self.outcomes)

    @classmethod
    def join(cls, parts: list[ChunkResult]) -> ChunkResult:
        """One result for the documents of ``parts``, in order."""
        return cls({t: pa.concat_tables([p.tables[t] for p in parts]) for t in DOC_TABLES},
                   [o for p in parts for o in p.outcomes])


def _chunk_from_ipc(data: bytes, names: list[str],
                    outcomes: list[str | ErrorRecord]) -> ChunkResult:
    reader = pa.BufferReader(data)  # zero-copy: the tables point into ``data``
    return ChunkResult({t: pa.ipc.open_stream(reader).read_all() for t in names}, outcomes)


def _chunk_result(docs: list[RawDocument], assembled: Assembled) -> ChunkResult:
    with _collected_after():  # after the chunk's Docs and rows are gone: nothing left to walk
        return _chunk_tables(docs, assembled)


def _chunk_tables(docs: list[RawDocument], assembled: Assembled) -> ChunkResult:
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in DOC_TABLES}
    outcomes: list[str | ErrorRecord] = []
    for r in _safe_process_many(docs, assembled):
        if isinstance(r, ErrorRecord):
            outcomes.append(r)
            continue
        outcomes.append(r.doc_id)
        for table, table_rows in r.tables.items():
            rows[table].extend(table_rows)
    return ChunkResult(
        {t: pa.Table.from_pylist(rows[t], schema=SCHEMAS[t]) for t in DOC_TABLES}, outcomes)


@contextmanager
def _collected_after() -> Iterator[None]:
    """The cyclic garbage collector paused for a chunk and run once after it, on the young.

    Left to itself it runs every ~700 allocations, ~700 times per M chars, and each pass walks
    every Doc, record and row the chunk still holds, to find nothing: the pipeline makes no
    reference cycle per document (``tests/test_memory.py``). That was 0.06–0.1 CPU s per M
    chars, 3–4% of the work; the pass after the chunk costs ~0.01. A cycle a document does
    make (an exception's traceback) waits for the chunk's end. A caller's paused collector
    stays paused."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(1)


@dataclass
class _Batch:
    """Chunks gathered until they are committed together as one batch of the store."""

    version: str
    exports: Exports | None = None  # fed each batch as it commits
    tables: dict[str, list[pa.Table]] = field(
        default_factory=lambda: {t: [] for t in DOC_TABLES})
    manifest: list[dict[str, Any]] = field(default_factory=list)
    supersede: list[str] = field(default_factory=list)

    def add(self, chunk: list, result: ChunkResult, errors: list[dict[str, Any]],
            summary: Summary) -> None:
        outcomes = iter(result.outcomes)
        for item, old in chunk:
            out = item if isinstance(item, ErrorRecord) else next(outcomes)
            if isinstance(out, ErrorRecord):
                errors.append(out.row())
                continue
            summary.documents += 1
            summary.chars += len(item.body)
            self.manifest.append({"doc_id": out, "key": doc_key(item),
                                  "pipeline_version": self.version})
            self.supersede.extend(old)
        for t, table in result.tables.items():
            self.tables[t].append(table)

    def commit(self, store: Store, summary: Summary) -> bool:
        """Replace what these documents supersede, then write them; False if nothing to do."""
        if self.supersede:
            store.remove_documents(self.supersede)  # first, so no row is ever there twice
            summary.replaced += len(self.supersede)
        if not self.manifest:
            return False
        tables = {t: pa.concat_tables(parts) if parts else SCHEMAS[t].empty_table()
                  for t, parts in self.tables.items()}
        store.commit_tables(tables, pa.Table.from_pylist(self.manifest, schema=MANIFEST))
        if self.exports is not None:
            self.exports.add(tables)
        return True


#: a short document of our own that wakes every stage: names (known, transliterated, glossed),
#: dates and times, a money event, a quote with its speaker
_WARM_UP = RawDocument(
    source="zhnews:warm-up",
    body="2024年5月1日上午，微軟首席執行官納德拉（Satya Nadella）在北京表示，公司將投資50億元"
         "建設新園區。新華社報道稱，雙方已於昨天簽署協議，項目預計明年三月投產。",
    posted_at="2024-05-01T10:00:00",
)


def _warm_up(assembled: Assembled) -> None:
    """Run one small document through every stage and into Arrow before the workers fork, so
    that they share what a first document sets up (Arrow imports pandas for its first
    time-zoned timestamp, regexes compile, caches fill): ~0.3 s a fresh worker would otherwise
    pay on its first chunk, again after every re-fork."""
    _chunk_result([_WARM_UP], assembled)


def _maxrss_mb(who: int) -> float:
    if who == resource.RUSAGE_SELF:
        # this process's own high-water mark: ru_maxrss also remembers the process that
        # exec'd us (Linux keeps it across exec), which would charge a caller's memory to us
        try:
            with open("/proc/self/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


def _select(items: Iterable[RawDocument | ErrorRecord], done: dict[str, str],
            by_key: dict[str, str], version: str, summary: Summary, force: bool) -> Iterator:
    """Drop unchanged and duplicate documents; note which old rows a changed one replaces."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, ErrorRecord):
            yield item, []
            continue
        doc_id = item.doc_id
        if doc_id in seen:
            summary.duplicates += 1
            continue
        seen.add(doc_id)
        if done.get(doc_id) == version and not force:
            summary.skipped += 1
            continue
        old = []
        if doc_id in done:  # same content, older pipeline or --force: its rows are replaced
            old.append(doc_id)
        prev = by_key.get(doc_key(item))
        if prev is not None and prev != doc_id and prev in done:
            old.append(prev)  # the document at this place changed
        yield item, old


def _chunks(items: Iterable[Any], n: int, first: int = 8) -> Iterator[list]:
    """Lists of up to ``n`` items, the first ones smaller (``first``, doubling up to ``n``): a
    small input still reaches every worker, a large one travels in large chunks."""
    size = min(first, n)
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
            size = min(2 * size, n)
    if chunk:
        yield chunk


def _documents(chunk: list) -> list[RawDocument]:
    return [i for i, _ in chunk if isinstance(i, RawDocument)]


_WORKER: Assembled | None = None


def _init_worker(stages: tuple[str, ...] | None) -> None:
    global _WORKER
    _WORKER = get_nlp(stages, lexical=False)


def _work(docs: list[RawDocument]) -> ChunkResult:
    assert _WORKER is not None
    return _chunk_result(docs, _WORKER)


def _safe_process_many(docs: list[RawDocument], assembled: Assembled
                       ) -> list[Extraction | ErrorRecord]:
    """``process_many``; a document that failed becomes its error row."""
    return [r if isinstance(r, Extraction) else _process_error(raw, r)
            for raw, r in zip(docs, process_many(docs, assembled), strict=True)]


def _process_error(raw: RawDocument, exc: Exception) -> ErrorRecord:
    # a bug on one document must not sink the batch; it is kept
    return ErrorRecord(raw.source, "process", type(exc).__name__, str(exc)[:500], raw.line)


def _safe_process(raw: RawDocument, assembled: Assembled) -> Extraction | ErrorRecord:
    try:
        return process(raw, assembled)
    except Exception as exc:  # see _process_error
        return _process_error(raw, exc)


def _progress(items: Iterator[Any], on: bool, inputs: list[str] | None = None,
              every: float = 30.0) -> Iterator[Any]:
    """Documents/s, chars/s, errors and ETA as documents are read (unchanged ones included, so
    the ETA holds on a re-run): a tqdm bar on a terminal, else a log line every ``every``
    seconds. The total is counted in a background thread so the work starts at once."""
    bar = None
    if on:
        from tqdm import tqdm

        bar = tqdm(unit="doc", mininterval=1.0, file=sys.stderr)
    total: list[int | None] = [None]
    if inputs is not None:
        def count() -> None:
            total[0] = count_documents(inputs)

        threading.Thread(target=count, daemon=True).start()
    t0 = last = time.perf_counter()
    docs = chars = errors = 0
    try:
        for item in items:
            if isinstance(item, RawDocument):
                docs += 1
                chars += len(item.body)
            else:
                errors += 1
            now = time.perf_counter()
            if bar is not None:
                bar.update(1)
                if now - last >= 1.0:
                    if total[0] is not None and bar.total is None:
                        bar.total = max(total[0], bar.n)  # tqdm now shows ETA and percent
                    bar.set_postfix_str(f"{chars / (now - t0) / 1000:.0f} K chars/s, "
                                        f"{errors} errors", refresh=False)
                    last = now
            elif now - last >= every:
                rate = (docs + errors) / (now - t0)
                eta = ""
                if total[0] is not None and rate > 0:
                    left = max(total[0] - docs - errors, 0) / rate
                    eta = f", ETA {int(left // 3600)}:{time.strftime('%M:%S', time.gmtime(left))}"
                log.info("zhnews: %d documents read, %.0f docs/s, %.0f K chars/s, %d errors%s",
                         docs, docs / (now - t0), chars / (now - t0) / 1000, errors, eta)
                last = now
            yield item
    finally:
        if bar is not None:
            bar.close()
