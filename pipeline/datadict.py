"""The data dictionary: ``docs/tables.md`` rendered from the pyarrow schemas in ``schema.py``.

    python -m pipeline.datadict > docs/tables.md

The schemas are the single source of truth (every writer and reader goes through them), so the
document is generated, never edited by hand; ``tests/test_datadict.py`` fails when the committed
file and the code disagree.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import pyarrow as pa

from .schema import SCHEMAS

COMMAND = "python -m pipeline.datadict > docs/tables.md"

#: what one row of each table is (the schema holds columns only, so this lives here)
ROWS: dict[str, str] = {
    "documents": "one input document (a forum post, a news page, one line of a JSON Lines dump) "
                 "with its metadata and its body in the original script.",
    "sentences": "one sentence of a document's body.",
    "mentions": "one mention of a named entity (person, org, place, media, product) in a body, "
                "resolved to a canonical name where possible.",
    "timexes": "one time expression in a body, normalized to a TIMEX3 value.",
    "events": "one event (a firing, a resignation, a deal…): its type, trigger, role-labelled "
              "arguments, time and polarity, and the claim that reports it, if any.",
    "claims": "one attributed statement: who says what (speaker, reporting verb, content), "
              "through which outlet and source chain, hedged or not.",
    "errors": "one input that could not be processed (the rest of the batch went on).",
}

INTRO = """\
Every table is written as `<table>.parquet` (with exactly these types) and `<table>.csv` (UTF-8
with BOM; list and struct columns as JSON text) in the output folder, and is a view of the same
name in `zhnews sql`. Offsets (`start`, `end`, `content_start`, `content_end`, argument offsets)
count characters in `documents.body`, which keeps the original script:
`body[start:end] == text`. Rows of every table except `errors` join on `doc_id`. The examples are
invented, not taken from a corpus.
"""


def type_name(t: pa.DataType) -> str:
    """A short, readable name for an Arrow type (``list<string>``, ``timestamp[us, UTC]``)."""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ", ".join(f"{f.name}: {type_name(f.type)}" for f in t) + ">"
    if pa.types.is_timestamp(t):
        return f"timestamp[{t.unit}, {t.tz}]" if t.tz else f"timestamp[{t.unit}]"
    if pa.types.is_float32(t):
        return "float32"  # Arrow prints "float", which reads as ambiguous
    if pa.types.is_float64(t):
        return "float64"
    return str(t)


def _meta(field: pa.Field, key: str) -> str:
    return (field.metadata or {}).get(key.encode(), b"").decode("utf-8")


def example_value(field: pa.Field) -> Any:
    """The field's example (stored as text) as a Python value of the column's type."""
    text = _meta(field, "example")
    t = field.type
    if pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t):
        return json.loads(text)  # nested examples are written as JSON, as in the CSV export
    if pa.types.is_boolean(t):
        if text not in ("true", "false"):
            raise ValueError(f"boolean example must be true or false, not {text!r}")
        return text == "true"
    if pa.types.is_integer(t):
        return int(text)
    if pa.types.is_floating(t):
        return float(text)
    if pa.types.is_timestamp(t):
        return datetime.fromisoformat(text)
    return text


def problems() -> list[str]:
    """What keeps the dictionary from being complete: missing descriptions, meanings or
    examples, and examples that are not a valid value of their column's type."""
    found = [f"table {t}: no row description in pipeline.datadict.ROWS"
             for t in SCHEMAS if t not in ROWS]
    for table, schema in SCHEMAS.items():
        for field in schema:
            where = f"{table}.{field.name}"
            for key in ("meaning", "example"):
                if not _meta(field, key).strip():
                    found.append(f"{where}: no {key} in pipeline/schema.py")
            if not _meta(field, "example").strip():
                continue
            try:
                pa.array([example_value(field)], type=field.type)
            except (ValueError, TypeError, pa.ArrowException) as exc:
                found.append(f"{where}: example is not a valid {type_name(field.type)}: {exc}")
    return found


def _cell(text: str, code: bool = False) -> str:
    """Text safe inside a Markdown table cell, as prose or as a code span."""
    # a pipe would end the cell and a newline the row, even inside a code span
    text = text.replace("|", "\\|").replace("\n", " ")
    if code:
        return f"`{text}`"
    # outside a code span, <stdin> would be read as an HTML tag and vanish
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render() -> str:
    """The whole of ``docs/tables.md``."""
    bad = problems()
    if bad:
        raise ValueError("the schema is not fully documented:\n  " + "\n  ".join(bad))
    out = [
        "# zhnews tables",
        "",
        f"<!-- Generated from pipeline/schema.py by `{COMMAND}`; do not edit by hand. -->",
        "",
        f"Generated from `pipeline/schema.py` by `{COMMAND}`: to change a column's meaning or "
        "example, edit the schema and run that command again.",
        "",
        INTRO,
        "| table | one row is |",
        "|---|---|",
    ]
    out += [f"| [{t}](#{t}) | {_cell(ROWS[t])} |" for t in SCHEMAS]
    for table, schema in SCHEMAS.items():
        out += [
            "",
            f"## {table}",
            "",
            f"One row is {_cell(ROWS[table])}",
            "",
            "| column | type | meaning | example |",
            "|---|---|---|---|",
        ]
        for f in schema:
            typ = _cell(type_name(f.type), code=True) + ("" if f.nullable else ", not null")
            out.append(f"| {_cell(f.name, code=True)} | {typ} | {_cell(_meta(f, 'meaning'))} | "
                       f"{_cell(_meta(f, 'example'), code=True)} |")
    return "\n".join(out) + "\n"


def main() -> None:
    # bytes, so the output is UTF-8 whatever the terminal's locale
    sys.stdout.buffer.write(render().encode("utf-8"))


if __name__ == "__main__":
    main()
