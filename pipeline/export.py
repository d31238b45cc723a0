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

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .schema import SCHEMAS
from .store import Store, crash_point

FORMATS = ("parquet", "csv")


def _is_nested(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t)


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """The CSV form of a schema: nested columns become JSON text."""
    return pa.schema([
        pa.field(f.name, pa.string(), f.nullable, f.metadata) if _is_nested(f.type) else f
        for f in schema
    ])


def to_csv_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    cols = []
    for f in schema:
        col = batch.column(f.name)
        if _is_nested(f.type):
            col = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
                 for v in col.to_pylist()],
                pa.string(),
            )
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, schema=csv_schema(schema))


def export(store: Store, formats: tuple[str, ...] = FORMATS) -> dict[str, int]:
    """Write ``<table>.parquet`` / ``<table>.csv`` in the store's folder; returns row counts.

    Tables are written side by side on threads: Arrow reads, compresses and writes without
    the GIL, and at this point of a run the worker processes have finished."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = pool.map(lambda name: _export_table(store, name, formats), SCHEMAS)
        return dict(zip(SCHEMAS, counts, strict=True))


def _export_table(store: Store, name: str, formats: tuple[str, ...]) -> int:
    schema = SCHEMAS[name]
    final = {fmt: store.root / f"{name}.{fmt}" for fmt in formats}
    tmp = {fmt: store.root / f".{name}.{fmt}.{os.getpid()}.tmp" for fmt in formats}
    pq_writer = (pq.ParquetWriter(tmp["parquet"], schema, compression="zstd")
                 if "parquet" in formats else None)
    csv_file = open(tmp["csv"], "wb") if "csv" in formats else None  # noqa: SIM115
    csv_writer = None
    if csv_file is not None:
        csv_file.write(codecs.BOM_UTF8)
        csv_writer = pacsv.CSVWriter(csv_file, csv_schema(schema))
    n = 0
    try:
        for batch in store.iter_batches(name):
            if batch.num_rows == 0:
                continue
            batch = pa.Table.from_batches([batch]).cast(schema).to_batches()[0]
            n += batch.num_rows
            if pq_writer is not None:
                pq_writer.write_batch(batch)
            if csv_writer is not None:
                csv_writer.write_batch(to_csv_batch(batch, schema))
            crash_point("export")
    finally:
        if pq_writer is not None:
            pq_writer.close()
        if csv_writer is not None:
            csv_writer.close()
        if csv_file is not None:
            csv_file.flush()
            os.fsync(csv_file.fileno())
            csv_file.close()
    for fmt in formats:
        os.replace(tmp[fmt], final[fmt])
    return n
