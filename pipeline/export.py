"""Table writers: Parquet (explicit schema, zstd) and CSV (UTF-8 with BOM for Excel).

Rows stream in and are written in row groups, never collected whole in memory. Each table is
written to a temporary file in the output folder and renamed into place only when the whole run
has finished, so a crash never leaves a half-written table behind.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .schema import SCHEMAS

#: rows buffered per table before a row group is written
ROW_GROUP = 20_000
FORMATS = ("parquet", "csv")


def _is_nested(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t)


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """The CSV form of a schema: nested columns become JSON text."""
    return pa.schema([
        pa.field(f.name, pa.string(), f.nullable, f.metadata) if _is_nested(f.type) else f
        for f in schema
    ])


def to_csv_rows(rows: list[dict[str, Any]], schema: pa.Schema) -> list[dict[str, Any]]:
    nested = [f.name for f in schema if _is_nested(f.type)]
    if not nested:
        return rows
    out = []
    for r in rows:
        r = dict(r)
        for k in nested:
            if r.get(k) is not None:
                r[k] = json.dumps(r[k], ensure_ascii=False, sort_keys=True)
        out.append(r)
    return out


class _TableFile:
    def __init__(self, out_dir: Path, name: str, formats: tuple[str, ...]) -> None:
        self.name = name
        self.schema = SCHEMAS[name]
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.final: dict[str, Path] = {}
        self.tmp: dict[str, Path] = {}
        pid = os.getpid()
        for fmt in formats:
            self.final[fmt] = out_dir / f"{name}.{fmt}"
            self.tmp[fmt] = out_dir / f".{name}.{fmt}.{pid}.tmp"
        self._pq = (
            pq.ParquetWriter(self.tmp["parquet"], self.schema, compression="zstd")
            if "parquet" in formats else None
        )
        self._csv_file: BinaryIO | None = None
        self._csv = None
        if "csv" in formats:
            self._csv_file = open(self.tmp["csv"], "wb")  # noqa: SIM115 - closed in close()
            self._csv_file.write(codecs.BOM_UTF8)
            self._csv_schema = csv_schema(self.schema)
            self._csv = pacsv.CSVWriter(self._csv_file, self._csv_schema)

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        self.count += len(rows)
        if self._pq is not None:
            self._pq.write_table(pa.Table.from_pylist(rows, schema=self.schema))
        if self._csv is not None:
            self._csv.write_table(
                pa.Table.from_pylist(to_csv_rows(rows, self.schema), schema=self._csv_schema)
            )

    def close(self) -> None:
        self.flush()
        if self._pq is not None:
            self._pq.close()
        if self._csv is not None:
            self._csv.close()
        if self._csv_file is not None:
            self._csv_file.flush()
            os.fsync(self._csv_file.fileno())
            self._csv_file.close()

    def commit(self) -> None:
        for fmt, tmp in self.tmp.items():
            os.replace(tmp, self.final[fmt])

    def discard(self) -> None:
        for tmp in self.tmp.values():
            tmp.unlink(missing_ok=True)


class TableSink:
    """Streams rows of every table to disk; ``commit()`` publishes all tables at once."""

    def __init__(self, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.tables = {name: _TableFile(self.out_dir, name, formats) for name in SCHEMAS}

    def write(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.tables[table].add(rows)

    def counts(self) -> dict[str, int]:
        return {n: t.count + len(t.rows) for n, t in self.tables.items()}

    def commit(self) -> None:
        try:
            for t in self.tables.values():
                t.close()
        except BaseException:
            self.abort()
            raise
        for t in self.tables.values():
            t.commit()
        _fsync_dir(self.out_dir)

    def abort(self) -> None:
        for t in self.tables.values():
            try:
                t.close()
            except (OSError, ValueError, pa.ArrowException):
                pass  # the run already failed; what matters is that no temp file is left
            finally:
                t.discard()

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
