"""SQL over an output folder with DuckDB: one view per table, plus ``event_claims``."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .schema import SCHEMAS
from .store import Store

EVENT_CLAIMS = """
CREATE VIEW event_claims AS
SELECT e.*, c.claim_id AS claim, c.speaker, c.speaker_kind, c.cue, c.source_outlet, c.hedged,
       c.content AS claim_content, c.via
FROM events e LEFT JOIN claims c ON e.doc_id = c.doc_id AND e.reported_by = c.claim_id
"""


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def connect(out_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with views over the dataset's Parquet files."""
    store = Store(out_dir)
    if not store.parts.is_dir():
        raise FileNotFoundError(f"{out_dir} holds no zhnews output (no parts/ folder)")
    con = duckdb.connect(":memory:")
    for table in SCHEMAS:
        files = [str(p) for p in store.files(table)]
        if files:
            listing = ", ".join(_quote(f) for f in files)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listing}])")
        else:  # an empty table still has its columns
            con.register(f"_empty_{table}", SCHEMAS[table].empty_table())
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
    con.execute(EVENT_CLAIMS)
    return con
