"""docs/tables.md is generated from pipeline/schema.py and must match it exactly."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline import datadict
from pipeline.schema import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "tables.md"
REGENERATE = f"run `.venv/bin/{datadict.COMMAND}` and commit docs/tables.md"


def test_committed_dictionary_matches_the_schema() -> None:
    expected = datadict.render()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(
            actual.splitlines(keepends=True), expected.splitlines(keepends=True),
            "docs/tables.md (committed)", "pipeline/schema.py (rendered)"))[:40])
        pytest.fail(f"docs/tables.md is out of date with pipeline/schema.py: {REGENERATE}\n{diff}",
                    pytrace=False)


def test_the_command_in_the_header_writes_the_file() -> None:
    out = subprocess.run([sys.executable, "-m", "pipeline.datadict"], cwd=ROOT,
                         capture_output=True, check=True).stdout
    assert out.decode("utf-8") == datadict.render()
    assert datadict.COMMAND in out.decode("utf-8").splitlines()[2]


def test_every_table_and_column_is_documented() -> None:
    assert datadict.problems() == []
    doc = datadict.render()
    for table, schema in SCHEMAS.items():
        assert f"\n## {table}\n" in doc
        for field in schema:
            assert f"| `{field.name}` |" in doc


def test_examples_are_values_of_their_column_type() -> None:
    for schema in SCHEMAS.values():
        for field in schema:
            pa.array([datadict.example_value(field)], type=field.type)  # raises if not


def _field(name: str, typ: pa.DataType, meaning: str, example: str) -> pa.Field:
    return pa.field(name, typ, metadata={"meaning": meaning, "example": example})


def test_an_undocumented_or_wrong_column_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCHEMAS, "scratch", pa.schema([
        _field("n", pa.int32(), "a count", "three"),
        _field("flag", pa.bool_(), "", "yes"),
        _field("tags", pa.list_(pa.string()), "labels", ""),
    ]))
    found = "\n".join(datadict.problems())
    assert "table scratch: no row description" in found
    assert "scratch.n: example is not a valid int32" in found
    assert "scratch.flag: no meaning" in found
    assert "scratch.flag: example is not a valid bool" in found
    assert "scratch.tags: no example" in found
    with pytest.raises(ValueError, match="not fully documented"):
        datadict.render()


def test_cells_escape_markdown() -> None:
    assert datadict._cell("input file (or <stdin>) a|b") == "input file (or &lt;stdin&gt;) a\\|b"
    assert datadict._cell("list<string>", code=True) == "`list<string>`"
