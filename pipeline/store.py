"""The output folder as a crash-safe, incremental Parquet dataset.

    OUT/
      .zhnews.lock               held while a run writes (a second run refuses)
      parts/b-<run>-<n>/         one committed batch: every table's rows for its documents,
                                 plus manifest.parquet (doc_id, key, pipeline_version)
      parts/errors.parquet       the errors of the last completed run
      documents.parquet, .csv …  consolidated exports for analysts (rebuilt after a run)

A batch is written into ``parts/.tmp-…`` and becomes visible by one directory rename, after its
files are fsynced: rows and manifest arrive together or not at all. Replacing a batch (a
document changed, the pipeline changed, or ``--force``) is journalled, so that a crash at any
point is completed or rolled back by the next run, never leaving a row twice.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schema import SCHEMAS

MANIFEST = pa.schema([
    ("doc_id", pa.string()),
    ("key", pa.string()),
    ("pipeline_version", pa.string()),
])
DOC_TABLES = tuple(t for t in SCHEMAS if t != "errors")
#: long, nearly unique text, written without a dictionary: Parquet would build one for every
#: page only to find it no smaller and fall back to plain encoding; plain at once cost ~7% less
#: Parquet writing on the CCTV corpus, and the files came out slightly smaller
PLAIN_TEXT = {
    "documents": ("body", "body_simplified"),
    "sentences": ("text",),
    "events": ("sentence",),
    "claims": ("content",),
}


class LockedError(RuntimeError):
    pass


def crash_point(name: str) -> None:
    """Fault injection for the crash tests: ZHNEWS_CRASH_AT=name kills the run right here."""
    if os.environ.get("ZHNEWS_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


class Store:
    """One output folder. Use as a context manager: it takes the lock and recovers."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self._seq = 0
        self._lock_fd: int | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Store:
        self.parts.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".zhnews.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockedError(
                f"another zhnews run is writing to {self.root}; wait for it to finish"
            ) from None
        self._lock_fd = fd
        self.recover()
        return self

    def __exit__(self, *_: object) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def recover(self) -> None:
        """Finish or roll back what a killed run left: journals first, then temp folders."""
        for journal in sorted(self.parts.glob(".replace-*.json")):
            plan = json.loads(journal.read_text("utf-8"))
            landed = plan["new"] is None or (self.parts / plan["new"]).exists()
            for old in plan["old"]:
                hidden = self.parts / f".old-{old}"
                if landed:  # the replacement is in place: what it replaces goes
                    shutil.rmtree(hidden, ignore_errors=True)
                    shutil.rmtree(self.parts / old, ignore_errors=True)
                elif hidden.exists():  # it never arrived: roll back
                    os.rename(hidden, self.parts / old)
            journal.unlink()
        for tmp in self.parts.glob(".tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink()
        for tmp in self.root.glob(".*.tmp"):  # a consolidated export cut short
            tmp.unlink(missing_ok=True)
        _fsync(self.parts)

    # -- reading -----------------------------------------------------------------------------
    def batches(self) -> list[Path]:
        return sorted(p for p in self.parts.glob("b-*") if p.is_dir())

    def manifest(self) -> pa.Table:
        """Every committed document: doc_id, key, pipeline_version, batch."""
        tables = []
        for b in self.batches():
            t = pq.read_table(b / "manifest.parquet")
            tables.append(t.append_column("batch", pa.array([b.name] * len(t), pa.string())))
        if not tables:
            return MANIFEST.empty_table().append_column("batch", pa.array([], pa.string()))
        return pa.concat_tables(tables)

    def files(self, table: str) -> list[Path]:
        if table == "errors":
            p = self.parts / "errors.parquet"
            return [p] if p.exists() else []
        return [b / f"{table}.parquet" for b in self.batches()]

    def read(self, table: str) -> pa.Table:
        files = self.files(table)
        if not files:
            return SCHEMAS[table].empty_table()
        return pa.concat_tables([pq.read_table(f, schema=SCHEMAS[table]) for f in files])

    def iter_batches(self, table: str) -> Iterator[pa.RecordBatch]:
        for f in self.files(table):
            yield from pq.ParquetFile(f).iter_batches(batch_size=20_000)

    # -- writing -----------------------------------------------------------------------------
    def commit_tables(self, tables: dict[str, pa.Table], manifest: pa.Table) -> str:
        """Write one batch of documents' tables atomically (files fsynced, then published by
        one rename); returns the batch name."""
        self._seq += 1
        name = f"b-{self.run_id}-{self._seq:05d}"
        tmp = self.parts / f".tmp-{name}"
        tmp.mkdir()
        for table in DOC_TABLES:
            _write(tmp / f"{table}.parquet", tables[table], table)
        _write(tmp / "manifest.parquet", manifest)
        _fsync(tmp)
        crash_point("batch-written")
        os.rename(tmp, self.parts / name)
        _fsync(self.parts)
        crash_point("batch-committed")
        return name

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Drop these documents' rows from the batches that hold them (journalled rewrite)."""
        drop = set(doc_ids)
        if not drop:
            return
        manifest = self.manifest()
        hit = set(pc.filter(manifest["batch"], pc.is_in(manifest["doc_id"],
                                                         pa.array(list(drop)))).to_pylist())
        for old in sorted(hit):
            keep = {t: _without(pq.read_table(self.parts / old / f"{t}.parquet"), drop)
                    for t in (*DOC_TABLES, "manifest")}
            if keep["manifest"].num_rows == 0:
                self._replace([old], None)
                continue
            self._seq += 1
            name = f"b-{self.run_id}-{self._seq:05d}"
            tmp = self.parts / f".tmp-{name}"
            tmp.mkdir()
            for t, table in keep.items():
                _write(tmp / f"{t}.parquet", table, t)
            _fsync(tmp)
            self._replace([old], name, tmp)

    def _replace(self, olds: list[str], new: str | None, tmp: Path | None = None) -> None:
        """Swap batches ``olds`` for ``new`` (or for nothing) so that no reader, at any moment,
        sees a row twice: the olds are hidden first, then the new one appears."""
        journal = self.parts / f".replace-{uuid.uuid4().hex[:8]}.json"
        _write_text(journal, json.dumps({"old": olds, "new": new}))
        _fsync(self.parts)
        crash_point("replace-journalled")
        for old in olds:
            os.rename(self.parts / old, self.parts / f".old-{old}")
        _fsync(self.parts)
        crash_point("replace-hidden")
        if new is not None and tmp is not None:
            os.rename(tmp, self.parts / new)
            _fsync(self.parts)
        crash_point("replace-renamed")
        for old in olds:
            shutil.rmtree(self.parts / f".old-{old}", ignore_errors=True)
        journal.unlink()
        _fsync(self.parts)

    def write_errors(self, rows: list[dict[str, Any]]) -> None:
        tmp = self.parts / f".tmp-errors-{self.run_id}.parquet"
        _write(tmp, pa.Table.from_pylist(rows, schema=SCHEMAS["errors"]))
        os.replace(tmp, self.parts / "errors.parquet")
        _fsync(self.parts)


def _without(table: pa.Table, drop: set[str]) -> pa.Table:
    if table.num_rows == 0:
        return table
    mask = pc.invert(pc.is_in(table["doc_id"], pa.array(list(drop), pa.string())))
    return table.filter(mask)


@cache
def parquet_options(table: str) -> dict[str, Any]:
    """The Parquet writer's options for a table (the batches' files and the exports')."""
    options: dict[str, Any] = {"compression": "zstd"}
    plain = PLAIN_TEXT.get(table)
    if plain:  # dictionaries are named by leaf column paths ("arguments.list.element.role")
        buf = io.BytesIO()
        pq.write_table(SCHEMAS[table].empty_table(), buf)
        leaves = pq.read_metadata(io.BytesIO(buf.getvalue())).schema
        options["use_dictionary"] = [leaves.column(i).path for i in range(len(leaves))
                                     if leaves.column(i).path not in plain]
    return options


def _write(path: Path, table: pa.Table, name: str = "") -> None:
    pq.write_table(table, path, **parquet_options(name))
    _fsync(path)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync(path: Path) -> None:
    """Make a file's bytes, or a folder's entries (a rename), durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
