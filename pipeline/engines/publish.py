"""Driver side: turn Spark's staged part files into the batches of a ``Store``.

Spark writes one staged dataset with a column per table (each row fills one of them), from
partitions that are ordered slices of the input. Part ``i`` holds whole documents, so it becomes
one batch, committed by ``Store.commit_tables`` (temp folder, fsync, one rename):
readers, re-runs and ``zhnews export`` see no difference from the local engine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..schema import SCHEMAS
from ..store import DOC_TABLES, MANIFEST, Store

#: per input item: what the driver needs for the Summary and to replace old rows (no text)
OUTCOME = pa.schema([
    ("copies", pa.int32()),  # times its doc_id occurred in the inputs
    ("skipped", pa.bool_()),  # unchanged since the last run
    ("chars", pa.int64()),
    ("old", pa.list_(pa.string())),  # doc_ids whose rows this document replaces
])

#: the staged dataset: one struct column per table, plus ``manifest`` and ``outcome``
STAGED = pa.schema(
    [pa.field(t, pa.struct(list(SCHEMAS[t]))) for t in SCHEMAS]
    + [pa.field("manifest", pa.struct(list(MANIFEST))),
       pa.field("outcome", pa.struct(list(OUTCOME)))]
)

_PART = re.compile(r"^part-(\d+)-.*\.parquet$")


def part_files(folder: Path) -> list[list[Path]]:
    """Spark's output files grouped by partition, in partition (= input) order."""
    parts: dict[int, list[Path]] = defaultdict(list)
    for f in sorted(folder.glob("part-*")):
        m = _PART.match(f.name)
        if m:
            parts[int(m.group(1))].append(f)  # several if maxRecordsPerFile is set
    return [parts[i] for i in sorted(parts)]


def read_column(files: list[Path], column: str, schema: pa.Schema) -> pa.Table:
    """One table's rows out of staged files, in the project's exact schema."""
    tables = []
    for f in files:
        col = pq.read_table(f, columns=[column]).column(column).combine_chunks()
        col = pc.filter(col, pc.is_valid(col))
        # Spark writes every field nullable and names list items "element": cast restores both
        tables.append(pa.Table.from_struct_array(col).select(schema.names).cast(schema))
    return pa.concat_tables(tables) if tables else schema.empty_table()


def publish(store: Store, staged: Path) -> int:
    """Commit one batch per staged partition that holds documents; returns the documents."""
    n = 0
    for files in part_files(staged):
        manifest = read_column(files, "manifest", MANIFEST)
        if manifest.num_rows == 0:
            continue
        store.commit_tables({t: read_column(files, t, SCHEMAS[t]) for t in DOC_TABLES},
                            manifest)
        n += manifest.num_rows
    return n


def read_small(staged: Path, column: str, schema: pa.Schema) -> list[dict[str, Any]]:
    """Rows of a small column (errors, outcomes) in input order, through the driver."""
    return [row for files in part_files(staged)
            for row in read_column(files, column, schema).to_pylist()]
