"""The Python API for one text: the same tables ``zhnews extract`` writes, as DataFrames."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pyarrow as pa

from .batch import Pipeline
from .records import ErrorRecord, RawDocument
from .schema import SCHEMAS


def extract_text(
    text: str,
    posted_at: datetime | str | None = None,
    tz: str = "Asia/Shanghai",
    source: str = "<text>",
    title: str | None = None,
    url: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the pipeline over one text; returns every table keyed by name (empty ones too).

    ``posted_at`` (a datetime or ISO 8601 string, local time on ``tz``) anchors relative times.
    """
    if isinstance(posted_at, datetime):
        posted_at = posted_at.isoformat()
    raw = RawDocument(
        source=source, body=text, posted_at=posted_at, timezone=tz, title=title, url=url
    )
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for result in Pipeline().extract([raw]):
        if isinstance(result, ErrorRecord):
            rows["errors"].append(result.row())
        else:
            for table, table_rows in result.tables.items():
                rows[table].extend(table_rows)
    return {
        name: pa.Table.from_pylist(r, schema=SCHEMAS[name]).to_pandas()
        for name, r in rows.items()
    }
