"""Consolidated exports of the dataset: one Parquet and one CSV file per table.

CSV is UTF-8 with a BOM so that Excel shows Chinese; nested columns (event arguments, claim
source chains) become JSON text there. Each file is written to a temporary name and renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import codecs
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .schema import SCHEMAS
from .store import DOC_TABLES, Store, crash_point, parquet_options

FORMATS = ("parquet", "csv")


def _is_nested(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t)


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """The CSV form of a schema: nested columns become JSON text."""
    return pa.schema([
        pa.field(f.name, pa.string(), f.nullable, f.metadata) if _is_nested(f.type) else f
        for f in schema
    ])


#: one encoder for every value: ``json.dumps`` with options builds a new one per call
_to_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def to_csv_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    cols = []
    for f in schema:
        col = batch.column(f.name)
        if _is_nested(f.type):
            col = pa.array(
                [None if v is None else _to_json(v) for v in col.to_pylist()],
                pa.string(),
            )
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, schema=csv_schema(schema))


def export(store: Store, formats: tuple[str, ...] = FORMATS,
           tables: tuple[str, ...] = tuple(SCHEMAS)) -> dict[str, int]:
    """Write ``<table>.parquet`` / ``<table>.csv`` in the store's folder; returns row counts.

    Tables are written side by side on threads: Arrow reads, compresses and writes without
    the GIL, and at this point of a run the worker processes have finished."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = pool.map(lambda name: _export_table(store, name, formats), tables)
        return dict(zip(tables, counts, strict=True))


def _export_table(store: Store, name: str, formats: tuple[str, ...]) -> int:
    out = TableExport(store.root, name, formats)
    try:
        for batch in store.iter_batches(name):
            out.write(pa.Table.from_batches([batch]))
    except BaseException:
        out.discard()
        raise
    return out.close()


class TableExport:
    """One table's export files, written a piece at a time under temporary names (which a
    killed run leaves to ``Store.recover``) and renamed into place by ``close``."""

    def __init__(self, root: Path, name: str, formats: tuple[str, ...]) -> None:
        self.schema = SCHEMAS[name]
        self.rows = 0
        self.final = {fmt: root / f"{name}.{fmt}" for fmt in formats}
        self.tmp = {fmt: root / f".{name}.{fmt}.{os.getpid()}.tmp" for fmt in formats}
        self.parquet = (pq.ParquetWriter(self.tmp["parquet"], self.schema, **parquet_options(name))
                        if "parquet" in formats else None)
        self.csv_file = open(self.tmp["csv"], "wb") if "csv" in formats else None  # noqa: SIM115
        self.csv = None
        if self.csv_file is not None:
            self.csv_file.write(codecs.BOM_UTF8)
            self.csv = pacsv.CSVWriter(self.csv_file, csv_schema(self.schema))

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if not table.schema.equals(self.schema, check_metadata=True):
            table = table.cast(self.schema)
        self.rows += table.num_rows
        if self.parquet is not None:
            self.parquet.write_table(table)
        if self.csv is not None:
            for batch in table.to_batches():
                self.csv.write_batch(to_csv_batch(batch, self.schema))
        crash_point("export")

    def _close_files(self) -> None:
        """Close what is open (once: ``discard`` after a failed ``close`` must not fail again)."""
        parquet, csv, csv_file = self.parquet, self.csv, self.csv_file
        self.parquet = self.csv = self.csv_file = None
        if parquet is not None:
            parquet.close()
        if csv is not None:
            csv.close()
        if csv_file is not None:
            try:
                csv_file.flush()
                os.fsync(csv_file.fileno())
            finally:
                csv_file.close()

    def close(self) -> int:
        """Finish the files and put them in place; the number of rows written."""
        self._close_files()
        for fmt, tmp in self.tmp.items():
            os.replace(tmp, self.final[fmt])
        return self.rows

    def discard(self) -> None:
        try:
            self._close_files()
        finally:
            for tmp in self.tmp.values():
                tmp.unlink(missing_ok=True)


class Exports:
    """Every document table's exports, fed batch by batch as a run commits them (a run into an
    empty folder: the exports are then exactly its batches, in order), instead of read back
    from the dataset at the end of the run."""

    def __init__(self, root: Path, formats: tuple[str, ...]) -> None:
        self.tables: dict[str, TableExport] = {}
        try:
            for name in DOC_TABLES:
                self.tables[name] = TableExport(root, name, formats)
        except BaseException:
            self.discard()
            raise

    def add(self, tables: dict[str, pa.Table]) -> None:
        for name, out in self.tables.items():
            out.write(tables[name])

    def close(self) -> dict[str, int]:
        return {name: out.close() for name, out in self.tables.items()}

    def discard(self) -> None:
        for out in self.tables.values():
            out.discard()
